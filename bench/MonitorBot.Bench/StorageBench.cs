namespace MonitorBot.Bench;

public static class StorageBench
{
    public static Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine("storage bench: not written yet");
        return Task.CompletedTask;
    }
}
