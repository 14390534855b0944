using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Portal.ClusterSimulator.Velero;

/// <summary>
/// The files the simulated object storage hands out through DownloadRequests, each under an unguessable token, the
/// way a pre-signed URL carries its signature: whoever has the address may read the file until it expires; nobody
/// else can find it. Served by the simulator's own server at <see cref="PathPrefix"/>&lt;token&gt; without a bearer token.
/// </summary>
internal sealed class DownloadFiles
{
    public const string PathPrefix = "/velero-downloads/";

    private readonly ConcurrentDictionary<string, (byte[] Content, DateTimeOffset Expires)> _files = new(StringComparer.Ordinal);

    public string Add(byte[] content, DateTimeOffset expires)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _files[token] = (content, expires);
        return token;
    }

    /// <summary>The file, or null when the token is unknown or expired.</summary>
    public byte[]? Find(string token, DateTimeOffset now) =>
        _files.TryGetValue(token, out var f) && f.Expires > now ? f.Content : null;

    public void RemoveExpired(DateTimeOffset now)
    {
        foreach (var (token, file) in _files)
        {
            if (file.Expires <= now) _files.TryRemove(token, out _);
        }
    }
}
