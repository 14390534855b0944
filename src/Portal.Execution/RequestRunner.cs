using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Registry;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Clusters;
using Portal.Application.Resilience;
using Portal.Application.Security;
using Portal.Domain.Auditing;
using Portal.Domain.Requests;
using Portal.Execution.Resilience;

namespace Portal.Execution;

/// <summary>Carries out one claimed request: picks the executor for its kind, keeps the lease alive while
/// it runs, and records the outcome — retrying later on transient cluster faults, failing with the reason
/// in words otherwise. Nothing is left half-done: every step is idempotent and resumable.</summary>
public sealed class RequestRunner(IPortalDbContextFactory factory, IRequestStatusNotifier notifier, TimeProvider time,
    ClusterConnections connections, IServiceProvider services, PrincipalOverride principal,
    IOptions<ExecutionOptions> options, ResiliencePipelineProvider<string> pipelines, ILogger<RequestRunner> log)
{
    private readonly ExecutionOptions _o = options.Value;

    public async Task RunAsync(Guid requestId, CancellationToken ct)
    {
        principal.Principal = CurrentPrincipal.System;
        var run = new RequestRun(factory, notifier, time, connections, _o.WorkerId, _o.Lease, pipelines.GetPipeline(RetryPipelines.WriteConflict));
        await run.LoadAsync(requestId, ct);
        using var telemetry = RunTelemetry.Start(run, time); // the run's span and metrics, outcome read from what it recorded
        using var logScope = log.BeginScope("Request {RequestId} ({Kind} of {Namespace} on {Cluster})", requestId, run.Request.Kind, run.Request.Namespace, run.Cluster.Name);
        using var runCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var heartbeat = HeartbeatAsync(run, runCts);
        try
        {
            await telemetry.RecordQueueWaitAsync(runCts.Token);
            var started = run.Request.Attempt == 1 ? "Execution started" : $"Execution resumed (attempt {run.Request.Attempt})";
            await run.UpdateAsync(null, RequestEventKind.Started, started, $"Worker {_o.WorkerId}", runCts.Token,
                db => db.AuditEvents.Add(new AuditEvent(time.GetUtcNow(), "executor", "request.running", "request", requestId.ToString(),
                    $"{run.Request.Kind.Display()} of {run.Request.Namespace} on {run.Cluster.Name}: {started.ToLowerInvariant()} by {_o.WorkerId}", run.Request.TenantId)));
            var executor = ExecutorFor(services, run.Request.Kind);
            var outcome = await executor.ExecuteAsync(run, runCts.Token);
            if (outcome.ResumeAt is { } resumeAt) await run.ReleaseAsync(outcome.FailureReason ?? "Waiting", resumeAt, ct);
            else await run.CompleteAsync(outcome, ct);
            log.LogInformation("Request finished: {Status}", outcome.Status);
        }
        catch (ClusterAccessException ex) when (Transient.IsClusterOutage(ex) && run.Request.Attempt < _o.MaxAttempts)
        {
            // Durable: the delay is stored as the request's next-attempt time (RetryPipelines.ClusterOutage's numbers).
            var delay = RetryRules.ClusterOutage(_o.RetryBaseDelay).Delay(run.Request.Attempt - 1);
            log.LogWarning("Transient fault, retrying in {Delay}: {Message}", delay, ex.Message);
            await run.ReleaseAsync(ClusterConnections.Explain(ex, run.Cluster.Name), time.GetUtcNow() + delay, ct);
        }
        catch (ClusterAccessException ex)
        {
            log.LogWarning("Request failed on the cluster: {Message}", ex.Message);
            await run.CompleteAsync(ExecutionOutcome.Failed(ClusterConnections.Explain(ex, run.Cluster.Name)), ct);
        }
        catch (LeaseLostException ex)
        {
            log.LogWarning("{Message}", ex.Message);
        }
        catch (OperationCanceledException) when (runCts.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            log.LogWarning("Stopped: this executor lost the request's lease to another one");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug or an unexpected answer: retry a few times, then fail with the message rather than loop forever.
            log.LogError(ex, "Unexpected error while executing the request");
            var reason = $"The portal hit an unexpected error: {ex.Message}";
            if (run.Request.Attempt < _o.MaxAttempts)
                await run.ReleaseAsync(reason, time.GetUtcNow() + RetryRules.UnexpectedError(_o.RetryBaseDelay).Delay(run.Request.Attempt - 1), ct);
            else await run.CompleteAsync(ExecutionOutcome.Failed(reason), ct);
        }
        finally
        {
            await runCts.CancelAsync();
            await heartbeat;
        }
    }

    /// <summary>The executor registered for <paramref name="kind"/> (keyed by it): only that one is built.</summary>
    internal static IOperationExecutor ExecutorFor(IServiceProvider services, RequestKind kind) =>
        services.GetKeyedService<IOperationExecutor>(kind)
        ?? throw new InvalidOperationException($"The portal has no executor for {kind.Display()} requests.");

    /// <summary>Renews the lease while a phase takes long without events; if the lease is lost, stops the run.</summary>
    private async Task HeartbeatAsync(RequestRun run, CancellationTokenSource runCts)
    {
        var every = TimeSpan.FromTicks(Math.Max(_o.Lease.Ticks / 3, TimeSpan.FromMilliseconds(100).Ticks));
        while (!runCts.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, time, runCts.Token);
                await run.UpdateAsync(null, ct: runCts.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (LeaseLostException)
            {
                await runCts.CancelAsync();
                return;
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "Lease renewal failed; will try again");
            }
        }
    }
}
