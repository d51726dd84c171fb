namespace MonitorBot.Bench;

public static class FeedsBench
{
    public static Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine("feeds bench: not written yet");
        return Task.CompletedTask;
    }
}
