using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Api;

namespace Portal.Api.Filters;

/// <summary><c>Idempotency-Key</c> on a POST: the first answer is stored (in the database, so also across replicas and restarts)
/// and a retry with the same key by the same caller gets it again instead of asking twice; the same key with another path or
/// body is refused with 422. A retry while the first call still runs gets 409. Server errors are not kept (a retry runs again).
/// Answers are kept for <see cref="Retention"/>, then removed by <see cref="IdempotentAnswerSweeper"/>.</summary>
internal sealed class IdempotencyFilter(IPortalDbContextFactory factory, TimeProvider time, IOptions<JsonOptions> json) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0) return await next(context);
        if (key.Length > IdempotentAnswer.MaxKeyLength)
            return ApiProblems.Field(Header, $"The {Header} must be at most {IdempotentAnswer.MaxKeyLength} characters (it has {key.Length}).");
        var caller = ApiClaims.CallerKeyOf(http.User) ?? "";
        var hash = HashOf(http, context.Arguments);
        var now = time.GetUtcNow();

        await using var db = await factory.CreateAsync(TenantScope.Nothing, http.RequestAborted);
        var first = await db.IdempotentAnswers.AsNoTracking().FirstOrDefaultAsync(a => a.CallerKey == caller && a.Key == key, http.RequestAborted);
        if (first is not null && first.CreatedAt < now - Retention)
        {
            await db.IdempotentAnswers.Where(a => a.Id == first.Id).ExecuteDeleteAsync(http.RequestAborted);
            first = null;
        }
        if (first is not null) return Replay(http, first, hash);

        var pending = new IdempotentAnswer(caller, key, hash, now);
        db.IdempotentAnswers.Add(pending);
        try
        {
            await db.SaveChangesAsync(http.RequestAborted);
        }
        catch (DbUpdateException)
        {
            return InProgress();
        }

        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            await ForgetAsync(pending.Id);
            throw;
        }
        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
        if (status >= 500)
        {
            await ForgetAsync(pending.Id);
            return result;
        }
        var body = result is IValueHttpResult { Value: { } value } ? JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions) : null;
        var contentType = result is ProblemHttpResult or ValidationProblem ? "application/problem+json" : "application/json";
        var location = result?.GetType().GetProperty("Location")?.GetValue(result) as string;
        pending.Complete(status, body is null ? null : contentType, body, location);
        await db.SaveChangesAsync(CancellationToken.None);
        return result;
    }

    private static IResult Replay(HttpContext http, IdempotentAnswer first, string hash)
    {
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(first.RequestHash), Encoding.ASCII.GetBytes(hash)))
            return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                $"This {Header} was already used for another request (another address or body). Use a new key for a new request.");
        if (!first.Completed) return InProgress();
        if (first.Location is { } location) http.Response.Headers.Location = location;
        http.Response.Headers["Idempotent-Replayed"] = "true";
        return first.Body is null ? Results.StatusCode(first.StatusCode!.Value)
            : Results.Text(first.Body, first.ContentType, Encoding.UTF8, first.StatusCode);
    }

    private static IResult InProgress() => ApiProblems.Problem(StatusCodes.Status409Conflict, "Still answering",
        $"The first request with this {Header} is still being answered; retry in a moment to get its answer.");

    private async Task ForgetAsync(Guid id)
    {
        await using var db = await factory.CreateAsync(TenantScope.Nothing, CancellationToken.None);
        await db.IdempotentAnswers.Where(a => a.Id == id).ExecuteDeleteAsync(CancellationToken.None);
    }

    /// <summary>The method, the path and the bound body (the API's own contract types), hashed.</summary>
    private string HashOf(HttpContext http, IList<object?> arguments)
    {
        var body = arguments.Where(a => a is not null && a.GetType().Namespace == typeof(Endpoints.AskedView).Namespace)
            .Select(a => JsonSerializer.Serialize(a, a!.GetType(), json.Value.SerializerOptions));
        var text = $"{http.Request.Method} {http.Request.Path}\n{string.Join("\n", body)}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
