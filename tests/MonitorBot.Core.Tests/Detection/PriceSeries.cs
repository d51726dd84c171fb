using MonitorBot.Core.Model;

namespace MonitorBot.Core.Tests.Detection;

/// <summary>Synthetic price series for the detector tests.</summary>
internal static class PriceSeries
{
    public static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Points at a fixed step from <see cref="Start"/>.</summary>
    public static List<(DateTimeOffset Time, double Value)> Regular(IEnumerable<double> values, TimeSpan step) =>
        [.. values.Select((v, i) => (Start + (step * i), v))];

    public static List<(DateTimeOffset Time, double Value)> Weekly(params double[] values) => Regular(values, TimeSpan.FromDays(7));

    public static List<(DateTimeOffset Time, double Value)> Daily(params double[] values) => Regular(values, TimeSpan.FromDays(1));

    public static double[] Flat(double value, int count) => Enumerable.Repeat(value, count).ToArray();

    /// <summary>A level with uniform noise of ±<paramref name="pct"/>% on each print (seeded).</summary>
    public static double[] LevelNoise(int seed, int count, double level, double pct)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => level * (1 + ((random.NextDouble() * 2) - 1) * pct / 100))];
    }

    /// <summary>A random walk whose weekly returns are uniform in ±<paramref name="pct"/>% (seeded).</summary>
    public static double[] RandomWalk(int seed, int count, double start, double pct)
    {
        var random = new Random(seed);
        var values = new double[count];
        values[0] = start;
        for (var i = 1; i < count; i++)
        {
            values[i] = values[i - 1] * (1 + ((random.NextDouble() * 2) - 1) * pct / 100);
        }

        return values;
    }

    public static List<PriceObservation> Observations(string seriesId, IEnumerable<(DateTimeOffset Time, double Value)> points, string source = "smm") =>
        [.. points.Select(p => new PriceObservation(seriesId, p.Time, p.Value, "kg", "CNY", source, p.Time))];

    /// <summary>
    /// Weekly SMM terbium oxide, CNY/kg, late September 2024 to the end of March 2025: 5,373 on 2024-09-23
    /// (6,550 / 1.219), about 5,600 at the end of 2024, 6,550 on 2025-03-24 (+21.9%), −1% the week after.
    /// The weekly path between those anchors is synthetic.
    /// </summary>
    public static List<(DateTimeOffset Time, double Value)> TerbiumOxide()
    {
        double[] values =
        [
            5373, 5380, 5390, 5420, 5450, 5480, 5500, 5510, 5520, 5530, 5550, 5570, 5580, 5590,
            5600, 5650, 5700, 5750, 5800, 5900, 6000, 6150, 6250, 6350, 6420, 6500, 6550, 6485,
        ];
        var start = new DateTimeOffset(2024, 9, 23, 0, 0, 0, TimeSpan.Zero);
        return [.. values.Select((v, i) => (start.AddDays(7 * i), v))];
    }

    /// <summary>Weekly dysprosium oxide over the same period: 1,720 → 1,665 (−3.2%), small wobbles.</summary>
    public static List<(DateTimeOffset Time, double Value)> DysprosiumOxide()
    {
        double[] values =
        [
            1720, 1718, 1725, 1710, 1700, 1705, 1690, 1680, 1685, 1670, 1660, 1650, 1640, 1620,
            1610, 1615, 1625, 1640, 1650, 1660, 1670, 1665, 1660, 1668, 1672, 1670, 1665, 1660,
        ];
        var start = new DateTimeOffset(2024, 9, 23, 0, 0, 0, TimeSpan.Zero);
        return [.. values.Select((v, i) => (start.AddDays(7 * i), v))];
    }
}
