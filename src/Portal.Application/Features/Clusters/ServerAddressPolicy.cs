using System.Net;
using System.Net.Sockets;

namespace Portal.Application.Features.Clusters;

/// <summary>Which API server addresses the portal connects to. The bearer token is sent to whatever answers, so a plain
/// http:// server would carry it in clear, and a link-local or cloud metadata address would let whoever registers a
/// cluster read the portal's own instance metadata through it. Checked on the URL at registration and rotation, on
/// every address the host name resolves to, and again by the adapter right before each connection.</summary>
public static class ServerAddressPolicy
{
    private static readonly string[] MetadataHosts =
    [
        "metadata", "metadata.google.internal", "metadata.goog", "metadata.azure.com", "metadata.azure.internal",
        "instance-data", "instance-data.ec2.internal", "metadata.tencentyun.com", "metadata.platformequinix.com",
    ];

    private static readonly IPAddress[] MetadataAddresses =
    [
        IPAddress.Parse("169.254.169.254"), // AWS, Azure, GCP, OpenStack, DigitalOcean, Oracle
        IPAddress.Parse("fd00:ec2::254"),   // AWS over IPv6
        IPAddress.Parse("100.100.100.200"), // Alibaba Cloud
        IPAddress.Parse("168.63.129.16"),   // Azure WireServer
        IPAddress.Parse("192.0.0.192"),     // Oracle Cloud (legacy)
    ];

    /// <summary>Plain words for why the server URL is refused, or null when its scheme and host are acceptable.</summary>
    public static string? ExplainUrl(string serverUrl, bool allowInsecureHttp)
    {
        if (!Uri.TryCreate(serverUrl, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            return $"The server address '{serverUrl}' is not an https:// URL of an API server.";
        if (uri.Scheme == Uri.UriSchemeHttp && !allowInsecureHttp)
            return $"The API server {uri.Scheme}://{uri.Authority} is plain http: the portal's token would travel in clear. " +
                   "Use the server's https:// address (with its CA). Only for an isolated test cluster may a platform engineer " +
                   "explicitly allow insecure http for this one cluster.";
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            return $"The server address '{serverUrl}' is not an https:// URL of an API server.";
        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (MetadataHosts.Contains(host))
            return $"The server host '{host}' is a cloud metadata service, not a Kubernetes API server; the portal never connects to it.";
        return IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal) ? ExplainAddress(literal, host) : null;
    }

    /// <summary>Plain words for why the portal never connects to <paramref name="address"/>, or null when it may.</summary>
    public static string? ExplainAddress(IPAddress address, string host)
    {
        var a = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        var shown = host == a.ToString() ? a.ToString() : $"{host} ({a})";
        if (MetadataAddresses.Any(m => m.Equals(a)))
            return $"The server address {shown} is a cloud metadata service, not a Kubernetes API server; the portal never connects to it.";
        if (IsLinkLocal(a))
            return $"The server address {shown} is link-local (169.254.0.0/16 or fe80::/10), where cloud metadata services live; " +
                   "the portal never connects to such addresses. Use the API server's routable address.";
        if (a.Equals(IPAddress.Any) || a.Equals(IPAddress.IPv6Any) || a.Equals(IPAddress.Broadcast)
            || (a.AddressFamily == AddressFamily.InterNetworkV6 && a.IsIPv6Multicast)
            || (a.AddressFamily == AddressFamily.InterNetwork && a.GetAddressBytes()[0] >= 224))
            return $"The server address {shown} is not a single host the portal can connect to.";
        return null;
    }

    private static bool IsLinkLocal(IPAddress a) => a.AddressFamily switch
    {
        AddressFamily.InterNetwork => a.GetAddressBytes() is [169, 254, ..],
        AddressFamily.InterNetworkV6 => a.IsIPv6LinkLocal,
        _ => false,
    };

    /// <summary>The URL in one canonical form, so the same API server is recognised however it is written: scheme and
    /// host in lower case, the default port (443 for https, 80 for http) dropped, no trailing slash, no query.</summary>
    public static string Normalize(string serverUrl)
    {
        if (!Uri.TryCreate(serverUrl.Trim(), UriKind.Absolute, out var uri)) return serverUrl.Trim().TrimEnd('/').ToLowerInvariant();
        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (uri.HostNameType == UriHostNameType.IPv6) host = "[" + IPAddress.Parse(host.Trim('[', ']')) + "]";
        var port = uri.IsDefaultPort ? "" : ":" + uri.Port;
        var path = uri.AbsolutePath.TrimEnd('/');
        return $"{uri.Scheme.ToLowerInvariant()}://{host}{port}{path}";
    }
}
