using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Portal.Application.Resilience;

namespace Portal.Execution.Resilience;

/// <summary>
/// The portal's retry pipelines (Polly v8), one per kind of call, on the injected <see cref="TimeProvider"/>. Their delays
/// come from <see cref="RetryRules"/> (the same function the durable next-attempt times use) and what they retry from
/// <see cref="Transient"/>. Resolve one with <c>ResiliencePipelineProvider&lt;string&gt;.GetPipeline(key)</c>.
/// </summary>
public static class RetryPipelines
{
    /// <summary>A write that met a concurrent change of a row it touches: tried again at once on the fresh row, three
    /// tries in all (<see cref="RequestRun.RetryOnConflictAsync"/>).</summary>
    public const string WriteConflict = "write-conflict";

    /// <summary>A call to a cluster that cannot be reached, retried in process with the request runner's numbers
    /// (<c>Execution:RetryBaseDelay</c> doubling to 5 minutes, <c>Execution:MaxAttempts</c> tries). The runner itself
    /// gives the request back to the queue instead, with the same delay stored as its next-attempt time.</summary>
    public const string ClusterOutage = "cluster-outage";

    public static IServiceCollection AddPortalRetryPipelines(this IServiceCollection services)
    {
        // Polly's metrics and logs of each retry, with the exception summarized (Microsoft.Extensions.Resilience).
        services.AddResilienceEnricher();
        services.AddResiliencePipeline(WriteConflict, (builder, context) =>
        {
            builder.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
            builder.AddBackoffRetry(RetryRules.WriteConflict, RetryRules.WriteConflictAttempts, Transient.IsWriteConflict);
        });
        services.AddResiliencePipeline(ClusterOutage, (builder, context) =>
        {
            var o = context.ServiceProvider.GetRequiredService<IOptions<ExecutionOptions>>().Value;
            builder.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
            builder.AddBackoffRetry(RetryRules.ClusterOutage(o.RetryBaseDelay), o.MaxAttempts, Transient.IsClusterOutage);
        });
        return services;
    }

    /// <summary>A retry strategy that makes <paramref name="attempts"/> tries in all, waiting the rule's delay before each
    /// retry, and retries only the errors <paramref name="retries"/> accepts.</summary>
    public static ResiliencePipelineBuilder AddBackoffRetry(this ResiliencePipelineBuilder builder, Backoff rule, int attempts,
        Func<Exception, bool> retries) =>
        attempts <= 1 ? builder : builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = attempts - 1,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && retries(e)),
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(rule.Delay(args.AttemptNumber)),
        });
}
