using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Telemetry;

namespace Portal.Execution;

/// <summary>The background executor: claims approved requests from the durable queue (up to
/// MaxConcurrentRequests at once) and hands each to a <see cref="RequestRunner"/> in its own DI scope.
/// Safe with several replicas; a failing item never ends the loop.</summary>
internal sealed class RequestExecutionService(IServiceScopeFactory scopes, IRequestQueue queue, IExecutionSignal signal,
    IOptions<ExecutionOptions> options, ILogger<RequestExecutionService> log) : BackgroundService
{
    private readonly ExecutionOptions _o = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_o.Enabled)
        {
            log.LogInformation("Request executor disabled by configuration (Execution:Enabled=false)");
            return;
        }
        log.LogInformation("Request executor {Worker} started", _o.WorkerId);
        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            running.RemoveAll(t => t.IsCompleted);
            IReadOnlyList<Guid> claimed = [];
            var claimStartedAt = DateTimeOffset.UtcNow;
            var free = Math.Max(1, _o.MaxConcurrentRequests) - running.Count;
            if (free > 0)
            {
                try
                {
                    // Every free slot in one claim: a burst of submissions costs one round of the database, not one each.
                    claimed = await queue.ClaimAsync(_o.WorkerId, _o.Lease, free, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    log.LogWarning(ex, "Could not read the request queue; trying again shortly");
                }
            }
            if (claimed.Count > 0)
            {
                foreach (var id in claimed)
                    running.Add(Task.Run(() => RunOneAsync(id, claimStartedAt, stoppingToken), CancellationToken.None));
                continue; // there may be more work due right away
            }
            try
            {
                var wake = signal.WaitAsync(_o.PollInterval, stoppingToken);
                await (running.Count > 0 ? Task.WhenAny(wake, Task.WhenAny(running)) : wake);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
        // Unfinished runs keep their lease until it expires; another replica (or this one, restarted) resumes them.
        await Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    private async Task RunOneAsync(Guid requestId, DateTimeOffset claimStartedAt, CancellationToken stoppingToken)
    {
        using var activity = PortalTelemetry.StartClaimed(requestId, _o.WorkerId, claimStartedAt);
        await using var scope = scopes.CreateAsyncScope();
        var runner = scope.ServiceProvider.GetRequiredService<RequestRunner>();
        try
        {
            await runner.RunAsync(requestId, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            log.LogInformation("Executor stopping; request {RequestId} will be resumed from its lease", requestId);
        }
        catch (Exception ex)
        {
            log.LogError(ex, "Request {RequestId} failed unexpectedly in the executor", requestId);
        }
    }
}
