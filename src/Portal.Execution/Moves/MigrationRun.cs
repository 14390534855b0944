using System.Text.Json.Nodes;
using Portal.Application.Abstractions;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Clusters;
using Portal.Domain.Moves;
using Portal.Domain.Requests;

namespace Portal.Execution.Moves;

/// <summary>One application's move (or rollback) in progress: the request's run plus the application, its wave and
/// plan, and both clusters. Every change to the application is saved together with the request's timeline entry.</summary>
internal sealed class MigrationRun
{
    public static string OwnerLabel => PortalLabels.MigrationApplication;

    private readonly ICredentialProtector _protector;

    private MigrationRun(RequestRun run, MigrationApplication app, MigrationWave wave, MigrationPlan plan, Cluster target, ICredentialProtector protector)
    {
        _protector = protector;
        Run = run;
        App = app;
        Wave = wave;
        Plan = plan;
        TargetCluster = target;
    }

    public RequestRun Run { get; }
    public MigrationApplication App { get; private set; }
    public MigrationWave Wave { get; }
    public MigrationPlan Plan { get; }
    public Cluster SourceCluster => Run.Cluster;
    public Cluster TargetCluster { get; }
    public ClusterConnection Source => Run.Connection;
    public ClusterConnection Target => Run.ConnectionTo(TargetCluster);
    public string SourceVeleroNamespace => Run.VeleroNamespace;
    public string TargetVeleroNamespace => Application.Features.Clusters.ClusterConnections.VeleroNamespaceOf(TargetCluster);
    public KeyValuePair<string, string> Owner => new(OwnerLabel, App.Id.ToString());
    public MigrationRunState State => App.RunState;

    /// <summary>A recovery of a lost cluster: the source is never contacted (<see cref="OnSource{T}"/> refuses).</summary>
    public bool IsRecovery => Plan.IsRecovery || App.IsRecovery;

    /// <summary>The exported manifests hold the application's Secrets: they are kept encrypted in the run state, like
    /// cluster credentials, and decrypted only here, when the executor applies them.</summary>
    public string ProtectManifests(IReadOnlyList<JsonObject> objects) =>
        _protector.Protect(new JsonArray(objects.Select(o => (JsonNode)o.DeepClone()).ToArray()).ToJsonString());

    public IReadOnlyList<JsonObject> Manifests() =>
        State.ManifestsJson is { } sealedJson
            ? (JsonNode.Parse(_protector.Unprotect(sealedJson)) as JsonArray ?? []).OfType<JsonObject>().Select(o => o.DeepClone().AsObject()).ToList()
            : throw new StepFailedException("The export is missing; run the export again.");

    public static async Task<MigrationRun?> LoadAsync(RequestRun run, ICredentialProtector protector, CancellationToken ct)
    {
        var p = run.Request.ParametersAs<MigrationRequestParameters>();
        await using var db = await run.OpenDbAsync(ct);
        var app = await db.MigrationApplications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == p.ApplicationId, ct);
        var wave = await db.MigrationWaves.AsNoTracking().FirstOrDefaultAsync(w => w.Id == p.WaveId, ct);
        var plan = await db.MigrationPlans.AsNoTracking().FirstOrDefaultAsync(x => x.Id == p.PlanId, ct);
        if (app is null || wave is null || plan is null) return null;
        var target = await db.Clusters.AsNoTracking().FirstOrDefaultAsync(c => c.Id == plan.TargetClusterId, ct);
        return target is null ? null : new MigrationRun(run, app, wave, plan, target, protector);
    }

    /// <summary>Re-reads the application (a rollback may have been asked for meanwhile).</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        await using var db = await Run.OpenDbAsync(ct);
        App = await db.MigrationApplications.AsNoTracking().FirstAsync(a => a.Id == App.Id, ct);
    }

    /// <summary>Changes the application and writes a timeline entry (when <paramref name="title"/> is given) in one save.
    /// When the application's row changed under us (someone asked for a rollback, say), the change is applied again to what
    /// is there now (<see cref="RequestRun.RetryOnConflictAsync"/>); when another executor took the request over, it stops.</summary>
    public Task SaveAsync(Action<MigrationApplication, DateTimeOffset> change, string? title, string? detail, CancellationToken ct,
        Action<Application.Abstractions.IPortalDbContext, MigrationApplication>? also = null) =>
        Run.RetryOnConflictAsync(async token =>
        {
            MigrationApplication? saved = null;
            await Run.UpdateAsync(null, title is null ? null : RequestEventKind.Step, title, detail, token, db =>
            {
                var app = db.MigrationApplications.First(a => a.Id == App.Id);
                change(app, Run.Now);
                also?.Invoke(db, app);
                saved = app;
            });
            App = saved!;
        }, ct);

    public Task SaveStateAsync(Func<MigrationRunState, MigrationRunState> change, CancellationToken ct) =>
        SaveAsync((a, now) => a.UpdateRunState(change, now), null, null, ct);

    public Task NoteAsync(string note, CancellationToken ct) =>
        SaveStateAsync(s => s.Notes.Contains(note) ? s : s with { Notes = [.. s.Notes, note] }, ct);

    /// <summary>Runs a call on one cluster, turning its faults into ones that name the cluster.</summary>
    public static async Task<T> On<T>(ClusterConnection cluster, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ClusterAccessException ex)
        {
            throw new MigrationClusterException(cluster.ClusterName, ex);
        }
    }

    public Task<T> OnSource<T>(Func<ClusterConnection, Task<T>> call) =>
        IsRecovery
            ? throw new StepFailedException($"{SourceCluster.Name} is lost and is never contacted by its recovery; this step cannot run without it.")
            : On(Source, () => call(Source));

    public Task<T> OnTarget<T>(Func<ClusterConnection, Task<T>> call) => On(Target, () => call(Target));

    public Task OnSource(Func<ClusterConnection, Task> call) => OnSource<bool>(async c => { await call(c); return true; });

    public Task OnTarget(Func<ClusterConnection, Task> call) => On(Target, async () => { await call(Target); return true; });
}

/// <summary>A step cannot go on; the message says why in words.</summary>
internal sealed class StepFailedException(string message) : Exception(message);
