using Portal.ClusterSimulator.Hosting;

namespace Portal.ClusterSimulator.Velero;

/// <summary>
/// The background loop playing Velero, the CronJob/Job controllers (with a kubelet for Job pods), CloudNativePG
/// (and the few core controllers the demo needs). Every
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
    private readonly Batch.CronJobReconciler _cronJobs;
    private readonly Batch.JobReconciler _jobs;
    private readonly CloudNativePg.CnpgReconciler _cnpg;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public VeleroController(SimulatorContext sim)
    {
        _sim = sim;
        _backups = new BackupReconciler(sim, Snapshots);
        _restores = new RestoreReconciler(sim, Snapshots);
        _cluster = new ClusterReconciler(sim, Snapshots);
        _schedules = new ScheduleReconciler(sim);
        _cronJobs = new Batch.CronJobReconciler(sim);
        _jobs = new Batch.JobReconciler(sim);
        _cnpg = new CloudNativePg.CnpgReconciler(sim);
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

    /// <summary>One step of every reconciler; public to the assembly so tests of the loop can drive it directly.</summary>
    internal void Step()
    {
        _cluster.Step();
        _cronJobs.Step();
        _jobs.Step();
        _cnpg.Step();
        if (!_sim.Faults.VeleroInstalled) return; // an uninstalled Velero reconciles nothing
        _schedules.Step();
        _backups.Step();
        _restores.Step();
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
