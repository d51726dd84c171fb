namespace MonitorBot.Discord.Rest;

/// <summary>A file sent with a message as multipart form field files[n] (docs: Uploading Files).</summary>
public sealed record FileAttachment(string FileName, ReadOnlyMemory<byte> Content, string? Description = null, string ContentType = "application/octet-stream");
