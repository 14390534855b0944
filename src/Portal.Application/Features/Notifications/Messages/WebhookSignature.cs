using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Portal.Application.Features.Notifications.Messages;

/// <summary>The generic webhook's signature (docs/notifications.md): <c>X-Portal-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>,
/// where hex is HMAC-SHA256 with the channel's secret over <c>t + "." + body</c> (the body's exact bytes, UTF-8).</summary>
public static class WebhookSignature
{
    public const string Header = "X-Portal-Signature";

    public static string Compute(string secret, long timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body));
        return Convert.ToHexStringLower(mac);
    }

    public static string HeaderValue(string secret, DateTimeOffset at, string body)
    {
        var t = at.ToUnixTimeSeconds();
        return $"t={t.ToString(CultureInfo.InvariantCulture)},v1={Compute(secret, t, body)}";
    }

    /// <summary>What a receiver does: parse the header, recompute, compare in constant time, and refuse old timestamps.</summary>
    public static bool Verify(string secret, string header, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        if (!parts.TryGetValue("t", out var ts) || !long.TryParse(ts, NumberStyles.Integer, CultureInfo.InvariantCulture, out var t)) return false;
        if (!parts.TryGetValue("v1", out var sig)) return false;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(t)).Duration() > tolerance) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(secret, t, body)), Encoding.ASCII.GetBytes(sig));
    }
}
