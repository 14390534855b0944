using Portal.ClusterSimulator.Hosting;

namespace Portal.ClusterSimulator.Velero;

/// <summary>
/// The background loop playing Velero, the CronJob/Job controllers (with a kubelet for Job pods), CloudNativePG,
/// the workload controllers (Deployments, StatefulSets, volume binding, ingress addresses), Argo CD and Flux. Every
/// <see cref="SimulatorOptions.PhaseStepDelay"/> each reconciler moves each object at most one step, writing
/// through the store so watches see every MODIFIED event.
/// </summary>
internal sealed class VeleroController
{
    private readonly SimulatorContext _sim;
    private readonly BackupReconciler _backups;
    private readonly RestoreReconciler _restores;
    private readonly ClusterReconciler _cluster;
    private readonly ScheduleReconciler _schedules;
    private readonly BackupExpiry _expiry;
    private readonly BackupSync _sync;
    private readonly DownloadRequestReconciler _downloads;
    private readonly Batch.CronJobReconciler _cronJobs;
    private readonly Batch.JobReconciler _jobs;
    private readonly CloudNativePg.CnpgReconciler _cnpg;
    private readonly Workloads.WorkloadController _workloads;
    private readonly GitOps.ArgoCdReconciler _argo;
    private readonly GitOps.FluxReconciler _flux;
    private readonly Snapshots.SnapshotController _csiSnapshots;
    private readonly Snapshots.GroupSnapshotController _csiGroupSnapshots;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public VeleroController(SimulatorContext sim)
    {
        _sim = sim;
        _backups = new BackupReconciler(sim, Snapshots);
        _restores = new RestoreReconciler(sim, Snapshots);
        _cluster = new ClusterReconciler(sim, Snapshots);
        _schedules = new ScheduleReconciler(sim);
        _expiry = new BackupExpiry(sim);
        _sync = new BackupSync(sim, Snapshots);
        _downloads = new DownloadRequestReconciler(sim, Snapshots);
        _cronJobs = new Batch.CronJobReconciler(sim);
        _jobs = new Batch.JobReconciler(sim);
        _cnpg = new CloudNativePg.CnpgReconciler(sim);
        _workloads = new Workloads.WorkloadController(sim);
        _argo = new GitOps.ArgoCdReconciler(sim);
        _flux = new GitOps.FluxReconciler(sim);
        _csiSnapshots = new Snapshots.SnapshotController(sim);
        _csiGroupSnapshots = new Snapshots.GroupSnapshotController(sim);
    }

    public BackupSnapshots Snapshots { get; } = new();

    public void Start() => _loop ??= Task.Run(() => RunAsync(_stop.Token));

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>One pass of the workload and GitOps controllers, so a freshly seeded cluster starts consistent.</summary>
    internal void Settle()
    {
        _workloads.Step();
        _argo.Step();
        _flux.Step();
    }

    /// <summary>One step of every reconciler; public to the assembly so tests of the loop can drive it directly.</summary>
    internal void Step()
    {
        _cluster.Step();
        // one controller failing on a bad object must not stop the others
        Guard("workloads", _workloads.Step);
        // after the workloads, so GitOps health sees this step's rollouts
        Guard("argo-cd", _argo.Step);
        Guard("flux", _flux.Step);
        Guard("cronjob", _cronJobs.Step);
        Guard("job", _jobs.Step);
        Guard("cloudnative-pg", _cnpg.Step);
        Guard("csi-group-snapshots", _csiGroupSnapshots.Step);
        Guard("csi-snapshots", _csiSnapshots.Step);
        if (!_sim.Faults.VeleroInstalled) return; // an uninstalled Velero reconciles nothing
        _sync.Step();
        _schedules.Step();
        _backups.Step();
        _restores.Step();
        _expiry.Step();
        _downloads.Step();
    }

    private static void Guard(string name, Action step)
    {
        try
        {
            step();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"[simulator {name} controller] {e}");
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(_sim.Options.PhaseStepDelay, ct);
            try
            {
                Step();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // a controller survives a bad object; the next step retries
                Console.Error.WriteLine($"[simulator controller] {e.GetType().Name}: {e.Message}");
            }
        }
    }
}
