using System.Net;
using System.Net.Sockets;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Clusters;

namespace Portal.Kubernetes;

/// <summary>Resolves an API server's host name and refuses link-local and cloud metadata addresses right before every
/// connection, so a name that resolved to a routable address at registration cannot later be pointed (DNS rebinding)
/// at the portal's own instance metadata.</summary>
internal static class ServerAddressGuard
{
    public static async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken ct)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal)) return [literal];
        try
        {
            return await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new ClusterAccessException(ClusterFault.Unreachable,
                $"the host name '{host}' could not be resolved (DNS: {e.SocketErrorCode})", e);
        }
    }

    /// <summary>The <see cref="SocketsHttpHandler.ConnectCallback"/> of every cluster client: resolve, check, then connect.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = await ResolveAsync(host, ct).ConfigureAwait(false);
        foreach (var address in addresses)
        {
            if (ServerAddressPolicy.ExplainAddress(address, host) is { } why)
            {
                throw new HttpRequestException(HttpRequestError.ConnectionError, why, new RefusedAddressException(why));
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses.ToArray(), context.DnsEndPoint.Port, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>The portal refused to connect to an address (link-local, metadata): worded by <see cref="ClusterErrorMapper"/>.</summary>
internal sealed class RefusedAddressException(string message) : Exception(message);
