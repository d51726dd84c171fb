namespace MonitorBot.Core.Model;

/// <summary>Well-known series identifiers.</summary>
public static class SeriesIds
{
    public const string TerbiumOxide = "tb-oxide";
    public const string DysprosiumOxide = "dy-oxide";
    public const string NdPrOxide = "ndpr-oxide";

    /// <summary>China's monthly imports from Myanmar of rare-earth compounds and metals, in tonnes.</summary>
    public const string ChinaImportsFromMyanmar = "cn-mm-imports";

    public const int ChinaReporterCode = 156;
    public const int MyanmarPartnerCode = 104;
}
