using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Portal.Api.Filters;

/// <summary><c>Api:RateLimit</c>: how many calls one token (or Entra application) may make per window.</summary>
public sealed class ApiRateLimitOptions
{
    public const string Section = "Api:RateLimit";
    public int PermitLimit { get; set; } = 300;
    public int WindowSeconds { get; set; } = 60;
}

/// <summary>One fixed-window limiter per token (System.Threading.RateLimiting, ASP.NET Core's rate limiter), partitioned by the
/// token's id, applied after the token is known: 429 with Retry-After and the limit in words.</summary>
public sealed class ApiRateLimiter(IOptions<ApiRateLimitOptions> options) : IDisposable
{
    private readonly ApiRateLimitOptions _options = options.Value;
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(caller =>
        RateLimitPartition.GetFixedWindowLimiter(caller, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.Value.PermitLimit),
            Window = TimeSpan.FromSeconds(Math.Max(1, options.Value.WindowSeconds)),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public RateLimitLease Acquire(string caller) => _limiter.AttemptAcquire(caller);

    public ApiRateLimitOptions Options => _options;

    public void Dispose() => _limiter.Dispose();
}

internal sealed class ApiRateLimitFilter(ApiRateLimiter limiter) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var caller = ApiClaims.CallerKeyOf(context.HttpContext.User) ?? "anonymous";
        using var lease = limiter.Acquire(caller);
        if (lease.IsAcquired) return await next(context);
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(limiter.Options.WindowSeconds);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ApiProblems.Problem(StatusCodes.Status429TooManyRequests, "Too many calls",
            $"This token may make {limiter.Options.PermitLimit} calls per {limiter.Options.WindowSeconds} seconds; retry after {seconds} seconds.");
    }
}
