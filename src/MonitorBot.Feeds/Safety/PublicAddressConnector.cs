using System.Net;
using System.Net.Sockets;

namespace MonitorBot.Feeds.Safety;

/// <summary>A connection was refused because the host's address is not public (see <see cref="AddressRules"/>).</summary>
public sealed class AddressNotAllowedException : IOException
{
    public AddressNotAllowedException() { }

    public AddressNotAllowedException(string message) : base(message) { }

    public AddressNotAllowedException(string message, Exception? innerException) : base(message, innerException) { }

    public AddressNotAllowedException(string host, IPAddress address, string description)
        : base(AddressRules.RefusalMessage(host, address, description))
    {
        Host = host;
        Address = address;
    }

    public string? Host { get; }

    public IPAddress? Address { get; }
}

/// <summary>
/// A <see cref="SocketsHttpHandler.ConnectCallback"/> that connects only to public addresses: it resolves the host,
/// refuses when any address is not public, connects, and checks the connected endpoint again. Because it runs for
/// every new connection (redirects included), a DNS answer that changed after <see cref="FeedUrlGuard"/> checked the
/// URL (rebinding) is caught too. Use it on a handler of its own, so no pooled connection made without it is reused.
/// Refusals surface as an <see cref="HttpRequestException"/> whose inner exception is an <see cref="AddressNotAllowedException"/>.
/// </summary>
public static class PublicAddressConnector
{
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
        foreach (var address in addresses)
        {
            if (AddressRules.Describe(address) is { } what) throw new AddressNotAllowedException(host, address, what);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, port, cancellationToken);
            if (socket.RemoteEndPoint is IPEndPoint remote && AddressRules.Describe(remote.Address) is { } connected)
            {
                throw new AddressNotAllowedException(host, remote.Address, connected);
            }
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The first <see cref="AddressNotAllowedException"/> in <paramref name="exception"/>'s inner chain, if any.</summary>
    public static AddressNotAllowedException? FindRefusal(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AddressNotAllowedException refusal) return refusal;
        }
        return null;
    }
}
