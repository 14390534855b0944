using Microsoft.EntityFrameworkCore;
using Polly;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Clusters;
using Portal.Application.Security;
using Portal.Domain.Auditing;
using Portal.Domain.Clusters;
using Portal.Domain.Requests;
using Portal.Domain.Tenants;
using Portal.Execution.Resilience;

namespace Portal.Execution;

/// <summary>One claimed request being carried out by this executor: what it is about, and the only way
/// to write its progress. Every write re-checks that this executor still holds the lease and renews it.</summary>
public sealed class RequestRun(IPortalDbContextFactory factory, IRequestStatusNotifier notifier, TimeProvider time,
    ClusterConnections connections, string owner, TimeSpan lease, ResiliencePipeline writeConflicts)
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public string Owner { get; } = owner;
    public OperationRequest Request { get; private set; } = null!;
    public Cluster Cluster { get; private set; } = null!;
    public Tenant Tenant { get; private set; } = null!;
    public ClusterConnection Connection => connections.For(Cluster);
    /// <summary>Another registered cluster (a migration's target), with the same credentials handling.</summary>
    public ClusterConnection ConnectionTo(Cluster cluster) => connections.For(cluster);
    public string VeleroNamespace => ClusterConnections.VeleroNamespaceOf(Cluster);
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Stands for the tenant of a request that belongs to none (never stored; its slug labels what it makes).</summary>
    private static readonly Tenant Platform = new("platform", "the platform");

    public async Task LoadAsync(Guid requestId, CancellationToken ct)
    {
        await using var db = await factory.CreateAsync(TenantScope.Everything, ct);
        Request = await db.Requests.AsNoTracking().FirstAsync(r => r.Id == requestId, ct);
        Cluster = await db.Clusters.AsNoTracking().FirstAsync(c => c.Id == Request.ClusterId, ct);
        // A request of no tenant (a cluster's own resources under protection) runs for the platform.
        Tenant = Request.TenantId == Guid.Empty ? Platform : await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == Request.TenantId, ct);
    }

    /// <summary>Applies <paramref name="change"/> to the request (and adds the timeline entry, if any) under
    /// this executor's lease, renewing it. Throws <see cref="LeaseLostException"/> when another executor took over.</summary>
    public async Task UpdateAsync(Action<OperationRequest, DateTimeOffset>? change, RequestEventKind? eventKind = null, string? title = null,
        string? detail = null, CancellationToken ct = default, Action<IPortalDbContext>? alsoInSameTransaction = null)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var db = await factory.CreateAsync(TenantScope.Everything, ct);
            var request = await db.Requests.FirstAsync(r => r.Id == Request.Id, ct);
            if (request.Status != RequestStatus.Running || request.LeaseOwner != Owner) throw new LeaseLostException(request.Id);
            var now = Now;
            change?.Invoke(request, now);
            if (request.Status == RequestStatus.Running && request.LeaseOwner == Owner) request.RenewLease(Owner, now + lease, now);
            if (eventKind is { } kind) db.RequestEvents.Add(new RequestEvent(request, kind, title ?? kind.ToString(), "executor", now, detail));
            alsoInSameTransaction?.Invoke(db);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException ex)
            {
                throw new LeaseLostException(request.Id, ex);
            }
            Request = request;
        }
        finally
        {
            _writeLock.Release();
        }
        notifier.Notify(RequestChange.Of(Request));
    }

    /// <summary>Runs a write (one or more <see cref="UpdateAsync"/>s) again from the start when it met a concurrent change
    /// of a row it touches (<see cref="RetryPipelines.WriteConflict"/>): each try reads the rows afresh and checks the
    /// lease again, so a lease really lost to another executor ends the retries with <see cref="LeaseLostException"/>.</summary>
    public Task RetryOnConflictAsync(Func<CancellationToken, Task> write, CancellationToken ct) =>
        writeConflicts.ExecuteAsync(async token => await write(token), ct).AsTask();

    public Task EventAsync(RequestEventKind kind, string title, string? detail = null, CancellationToken ct = default) =>
        UpdateAsync(null, kind, title, detail, ct);

    /// <summary>Records a terminal outcome, with its timeline entry and audit event, in one save.</summary>
    public Task CompleteAsync(ExecutionOutcome outcome, CancellationToken ct)
    {
        var (kind, title) = outcome.Status switch
        {
            RequestStatus.Succeeded => (RequestEventKind.Succeeded, "Succeeded"),
            RequestStatus.PartiallyFailed => (RequestEventKind.PartiallyFailed, "Partially failed"),
            _ => (RequestEventKind.Failed, "Failed"),
        };
        return UpdateAsync((r, now) => r.Complete(outcome.Status, outcome.FailureReason, now), kind, title, outcome.FailureReason, ct,
            db => db.AuditEvents.Add(new AuditEvent(Now, "executor", $"request.{outcome.Status.ToString().ToLowerInvariant()}", "request",
                Request.Id.ToString(), $"{Request.Kind.Display()} of {Request.Namespace} on {Cluster.Name}: {title}"
                    + (outcome.FailureReason is null ? "" : $" ({outcome.FailureReason})"), Request.TenantId)));
    }

    /// <summary>Gives the request back to the queue until <paramref name="retryAt"/>, after a transient fault.</summary>
    public Task ReleaseAsync(string why, DateTimeOffset retryAt, CancellationToken ct) =>
        UpdateAsync((r, now) => r.Release(Owner, why, retryAt, now), RequestEventKind.Retry,
            $"Paused: will try again at {retryAt:HH:mm:ss} UTC", why, ct);

    /// <summary>Reads outside the request's own row with the executor's estate-wide scope.</summary>
    public Task<IPortalDbContext> OpenDbAsync(CancellationToken ct) => factory.CreateAsync(TenantScope.Everything, ct);
}

/// <summary>The request is no longer this executor's; or a row it wrote changed meanwhile (then the conflict is the inner
/// exception, and <see cref="Application.Resilience.Transient.IsWriteConflict"/> lets a write try again).</summary>
public sealed class LeaseLostException(Guid requestId, Exception? conflict = null)
    : Exception($"The executor no longer holds the lease of request {requestId}; another executor has taken it over.", conflict);
