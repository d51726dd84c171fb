namespace MonitorBot.Core.News;

/// <summary>What kind of thing a gazetteer entry names.</summary>
public enum EntityCategory
{
    Actor,
    Place,
    Commodity,
    Organisation,
    Signal,
}

/// <summary>How strongly a signal word points at a supply disruption. Non-signals have <see cref="None"/>.</summary>
public enum SignalSeverity
{
    None = 0,
    Normal = 1,
    /// <summary>Ultimatum, blockade, export ban or controls, border closure, mine shutdown, capture of Bhamo or of the mining belt.</summary>
    High = 2,
}

/// <summary>One gazetteer hit in a text, distinct by <paramref name="Canonical"/>.</summary>
/// <param name="Canonical">The canonical name (e.g. "KIA", "Chipwe", "dysprosium", "border closure").</param>
/// <param name="Weight">How specific the matched variant is, 0..1 (e.g. "Tatmadaw" 0.9, "junta" 0.4, "Muse" 0.25); the highest matched variant wins.</param>
/// <param name="IsLocal">True for places, actors and firms specific to Kachin / Myanmar (the supply region).</param>
/// <param name="IsRareEarthFirm">True for rare-earth producers and processors (Lynas, MP Materials, IREL, ...): they imply a commodity context.</param>
public sealed record EntityMatch(
    string Canonical,
    EntityCategory Category,
    SignalSeverity Severity,
    double Weight = 1.0,
    bool IsLocal = false,
    bool IsRareEarthFirm = false);

/// <summary>A canonical gazetteer entry (one per canonical name).</summary>
public sealed record GazetteerEntry(
    string Canonical,
    EntityCategory Category,
    SignalSeverity Severity,
    bool IsLocal,
    bool IsRareEarthFirm);
