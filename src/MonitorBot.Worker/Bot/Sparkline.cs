namespace MonitorBot.Worker.Bot;

/// <summary>A Unicode block sparkline (▁▂▃▄▅▆▇█) of a series, resampled to at most <c>width</c> points.</summary>
public static class Sparkline
{
    private const string Blocks = "▁▂▃▄▅▆▇█";

    public static string Render(IReadOnlyList<double> values, int width = 30)
    {
        ArgumentNullException.ThrowIfNull(values);
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count == 0) return "";
        if (width < 1) width = 1;
        var points = finite.Count <= width
            ? finite
            : Enumerable.Range(0, width).Select(i => finite[(int)Math.Round(i * (finite.Count - 1) / (double)(width - 1))]).ToList();
        var min = points.Min();
        var max = points.Max();
        if (max - min < 1e-12) return new string(Blocks[3], points.Count);
        return string.Concat(points.Select(v => Blocks[(int)Math.Round((v - min) / (max - min) * (Blocks.Length - 1))]));
    }
}
