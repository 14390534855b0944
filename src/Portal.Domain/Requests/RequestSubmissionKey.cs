using System.Security.Cryptography;
using System.Text;

namespace Portal.Domain.Requests;

/// <summary>One time slot claimed by one ask. The key is unique in the database, so of two identical asks
/// submitted at the same moment (two tabs, two replicas) only one can be saved: the other's insert fails on the
/// key and it is answered "already asked". A request claims the slot it falls in and the next one, slots being half
/// the duplicate window long, so any two identical asks less than half a window apart share a slot whatever the
/// clock says; asks a whole window apart never do.</summary>
public sealed class RequestSubmissionKey
{
    private RequestSubmissionKey() { Key = ""; }

    private RequestSubmissionKey(string key, Guid requestId, DateTimeOffset createdAt)
    {
        Key = key;
        RequestId = requestId;
        CreatedAt = createdAt;
    }

    public string Key { get; private set; }
    public Guid RequestId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The two slot keys <paramref name="request"/> claims for a duplicate window of <paramref name="window"/>.</summary>
    public static IReadOnlyList<RequestSubmissionKey> For(OperationRequest request, TimeSpan window)
    {
        if (window <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(window), window, "The duplicate window must be longer than zero.");
        var slot = request.CreatedAt.UtcTicks / Math.Max(1, window.Ticks / 2);
        return [new($"{request.SubmissionFingerprint}:{slot}", request.Id, request.CreatedAt),
                new($"{request.SubmissionFingerprint}:{slot + 1}", request.Id, request.CreatedAt)];
    }

    /// <summary>What was asked, as a hash: who, which kind, where, with what parameters and reason. Identical asks
    /// have identical fingerprints.</summary>
    public static string Fingerprint(string requestedById, RequestKind kind, Guid clusterId, string @namespace, string parametersJson, string? reason)
    {
        var text = string.Join('\n', requestedById, kind.ToString(), clusterId.ToString("N"), @namespace, parametersJson, reason ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
