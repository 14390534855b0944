using Portal.Domain.Common;

namespace Portal.Domain.Api;

/// <summary>The first answer to a POST of the API carrying an <c>Idempotency-Key</c>: a retry with the same key by the same
/// caller gets this answer again instead of asking twice; the same key with another body is refused. Pending (no status
/// yet) while the first call runs.</summary>
public sealed class IdempotentAnswer : Entity
{
    public const int MaxKeyLength = 200;

    private IdempotentAnswer() { CallerKey = Key = RequestHash = ""; }

    public IdempotentAnswer(string callerKey, string key, string requestHash, DateTimeOffset createdAt)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > MaxKeyLength)
            throw new DomainException($"The Idempotency-Key must be 1 to {MaxKeyLength} characters.");
        CallerKey = callerKey;
        Key = key;
        RequestHash = requestHash;
        CreatedAt = createdAt;
    }

    /// <summary>Who asked: the token's id (or the Entra application's id).</summary>
    public string CallerKey { get; private set; }
    public string Key { get; private set; }
    /// <summary>SHA-256 of the method, path and body of the first call.</summary>
    public string RequestHash { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int? StatusCode { get; private set; }
    public string? ContentType { get; private set; }
    public string? Body { get; private set; }
    public string? Location { get; private set; }

    public bool Completed => StatusCode is not null;

    public void Complete(int statusCode, string? contentType, string? body, string? location)
    {
        StatusCode = statusCode;
        ContentType = contentType;
        Body = body;
        Location = location;
    }
}
