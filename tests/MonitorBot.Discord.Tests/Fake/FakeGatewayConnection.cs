using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace MonitorBot.Discord.Tests.Fake;

/// <summary>One WebSocket connection to the fake gateway: what the client sent, and controls on it.</summary>
public sealed class FakeGatewayConnection : IDisposable
{
    private readonly WebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly List<JsonElement> _received = [];
    private volatile bool _ackHeartbeats = true;

    internal FakeGatewayConnection(WebSocket socket, string path, string query, int index)
    {
        _socket = socket;
        Path = path;
        Query = query;
        Index = index;
    }

    /// <summary>"/gateway" or "/resume-gateway".</summary>
    public string Path { get; }

    public string Query { get; }

    public int Index { get; }

    public bool AckHeartbeats { get => _ackHeartbeats; set => _ackHeartbeats = value; }

    /// <summary>Headers of the WebSocket upgrade request (User-Agent, ...).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>When true Identify and Resume get no answer (an unresponsive server).</summary>
    public bool IgnoreHandshake { get; init; }

    /// <summary>Close code the client sent, once it closed.</summary>
    public int? ClientCloseCode { get; internal set; }

    public bool IsOpen => _socket.State == WebSocketState.Open;

    /// <summary>Every payload the client sent (parsed JSON).</summary>
    public IReadOnlyList<JsonElement> Received
    {
        get { lock (_received) { return [.. _received]; } }
    }

    public IReadOnlyList<JsonElement> ReceivedOp(int op) => Received.Where(p => p.GetProperty("op").GetInt32() == op).ToList();

    internal void Record(JsonElement payload)
    {
        lock (_received)
        {
            _received.Add(payload);
        }
    }

    /// <summary>Sends a raw text message, split into <paramref name="parts"/> WebSocket frames.</summary>
    public async Task SendRawAsync(string json, int parts = 1, CancellationToken cancellationToken = default)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        parts = Math.Clamp(parts, 1, Math.Max(1, bytes.Length));
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            var size = (int)Math.Ceiling(bytes.Length / (double)parts);
            for (var offset = 0; offset < bytes.Length; offset += size)
            {
                var count = Math.Min(size, bytes.Length - offset);
                var last = offset + count >= bytes.Length;
                await _socket.SendAsync(bytes.AsMemory(offset, count), WebSocketMessageType.Text, last, cancellationToken);
                if (!last)
                {
                    await Task.Delay(5, cancellationToken);
                }
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async Task CloseAsync(int code, string reason = "", CancellationToken cancellationToken = default)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, cancellationToken);
            }
        }
        catch (WebSocketException)
        {
            // Already gone.
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Drops the TCP connection without a close frame (a network failure).</summary>
    public void Abort() => _socket.Abort();

    public void Dispose() => _sendLock.Dispose();
}
