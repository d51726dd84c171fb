namespace MonitorBot.Discord.Tests.Fake;

/// <summary>A REST request as the fake Discord received it, with the status it answered.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    string? ContentType,
    IReadOnlyDictionary<string, string> FormFields,
    IReadOnlyList<RecordedFile> Files,
    DateTimeOffset ReceivedAt)
{
    /// <summary>Status the fake answered (set after the response is chosen).</summary>
    public int Status { get; set; }

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>The multipart payload_json field when present, else the body.</summary>
    public string Json => FormFields.TryGetValue("payload_json", out var p) ? p : Body;
}

public sealed record RecordedFile(string FieldName, string FileName, string? ContentType, byte[] Content);

/// <summary>A forced failure: the next <paramref name="Count"/> matching requests get <paramref name="Status"/>.</summary>
public sealed record FaultRule(string Method, string PathContains, int Status, bool Global, double RetryAfterSeconds)
{
    public int Count { get; set; }
}

/// <summary>Rate-limit headers to send on the next <paramref name="Count"/> successful matching responses;
/// while Remaining is 0 the fake enforces the bucket: early requests get 429 and count as violations.</summary>
public sealed record RateLimitRule(string Method, string PathContains, int Limit, int Remaining, double ResetAfterSeconds, string Bucket)
{
    public int Count { get; set; }
}

/// <summary>A forced answer: the next <paramref name="Count"/> matching requests get exactly this status and body, or are cut (Abort).</summary>
public sealed record BodyRule(string Method, string PathContains, int Status, string Body, string? BodyContains, bool Abort)
{
    public int Count { get; set; }
}

/// <summary>A message the fake created (POST /channels/{id}/messages), with the nonce it was created with.</summary>
public sealed record FakeMessage(string Id, string ChannelId, string? Nonce, string Json, DateTimeOffset CreatedAt);
