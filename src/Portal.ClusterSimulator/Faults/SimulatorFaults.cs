namespace Portal.ClusterSimulator;

/// <summary>
/// Switches that make the simulated cluster misbehave, for tests and demos. All members are thread-safe and take
/// effect on the next request or controller step. <see cref="Reset"/> clears everything.
/// </summary>
public sealed class SimulatorFaults
{
    private readonly object _gate = new();
    private readonly List<VeleroOutcomeRule> _outcomes = [];
    private readonly List<JobFailureRule> _jobFailures = [];
    private readonly List<JobReportRule> _jobReports = [];
    private int? _failStatusCode;
    private int _failRemaining;
    private string? _failPathContains;
    private readonly HashSet<string> _stalledNamespaces = new(StringComparer.Ordinal);
    private bool _stallAll;
    private bool _noLoadBalancer;
    private readonly Dictionary<string, string> _unavailableLocations = new(StringComparer.Ordinal);
    private readonly HashSet<string> _neverReady = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TimeSpan> _slowRestores = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _failingRestores = new(StringComparer.Ordinal);
    private readonly HashSet<string> _recoveredLocations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TimeSpan> _slowSnapshots = new(StringComparer.Ordinal);
    private readonly HashSet<string> _neverReadySnapshots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _failingSnapshots = new(StringComparer.Ordinal);

    /// <summary>Every authenticated call answers 401, as when a token expired or was revoked.</summary>
    public bool RejectToken { get; set; }

    /// <summary>The cluster is lost for good (<see cref="LoseForGood"/>): every connection is dropped, and nothing clears it,
    /// not even <see cref="Reset"/>. What a cluster whose data centre burned down looks like to the portal.</summary>
    public bool IsLost => Volatile.Read(ref _lost) == 1;

    /// <summary>How many requests reached the cluster after it was lost (each one dropped): a test proves with it that
    /// nothing tried to contact a lost cluster.</summary>
    public int ContactsSinceLost => Volatile.Read(ref _contactsSinceLost);

    /// <summary>Makes the cluster unreachable for good: from now on every request's connection is dropped without an
    /// answer, until the process ends. There is no way back (rehearses the lost-cluster recovery).</summary>
    public void LoseForGood() => Interlocked.Exchange(ref _lost, 1);

    internal void CountContactSinceLost() => Interlocked.Increment(ref _contactsSinceLost);

    private int _lost;
    private int _contactsSinceLost;

    /// <summary>Requests hang until the client gives up (or the fault is cleared), as an unreachable API server would.</summary>
    public bool HangRequests { get; set; }

    /// <summary>False removes the velero.io group from discovery and answers 404 on its paths.</summary>
    public bool VeleroInstalled { get; set; } = true;

    /// <summary>Makes API calls answer <paramref name="statusCode"/> (e.g. 500, 503). <paramref name="count"/> null = until cleared.
    /// <paramref name="pathContains"/> limits it to calls whose path and query hold that text (a label selector, too).</summary>
    public void FailRequests(int statusCode, int? count = null, string? pathContains = null)
    {
        lock (_gate)
        {
            _failStatusCode = statusCode;
            _failRemaining = count ?? int.MaxValue;
            _failPathContains = pathContains;
        }
    }

    /// <summary>How many requests <see cref="FailRequests"/> has failed so far: a test proves with it that a call was not even tried.</summary>
    public int FailedRequests
    {
        get
        {
            lock (_gate) return _failedRequests;
        }
    }

    private int _failedRequests;

    public void ClearRequestFailures()
    {
        lock (_gate) _failStatusCode = null;
    }

    /// <summary>The next Backup whose name starts with <paramref name="namePrefix"/> (null = any) ends Failed with this reason.</summary>
    public void FailNextBackup(string? namePrefix = null, string reason = "simulated failure: object storage unreachable") =>
        AddRule(new VeleroOutcomeRule("Backup", namePrefix, "Failed", reason));

    /// <summary>The next matching Backup ends PartiallyFailed with the given error/warning counts; with
    /// <paramref name="volumeSnapshotsFailed"/>, that many of its volume snapshots did not complete (as Velero counts
    /// them in <c>csiVolumeSnapshotsAttempted</c>/<c>csiVolumeSnapshotsCompleted</c>).</summary>
    public void PartiallyFailNextBackup(string? namePrefix = null, int errors = 2, int warnings = 1, int volumeSnapshotsFailed = 0) =>
        AddRule(new VeleroOutcomeRule("Backup", namePrefix, "PartiallyFailed", null, errors, warnings, volumeSnapshotsFailed));

    /// <summary>The next Restore whose name starts with <paramref name="namePrefix"/> (null = any) ends Failed.</summary>
    public void FailNextRestore(string? namePrefix = null, string reason = "simulated failure: restore item action crashed") =>
        AddRule(new VeleroOutcomeRule("Restore", namePrefix, "Failed", reason));

    public void PartiallyFailNextRestore(string? namePrefix = null, int errors = 1, int warnings = 0) =>
        AddRule(new VeleroOutcomeRule("Restore", namePrefix, "PartiallyFailed", null, errors, warnings));

    /// <summary>
    /// The next Job whose name starts with <paramref name="namePrefix"/> (null = any) fails: its pods end Failed with
    /// <paramref name="exitCode"/> and <paramref name="message"/> as the container's termination message (what a dump
    /// script writes, e.g. <c>{"status":"Failed","exitCode":1,"error":"pg_dump: error: ..."}</c>). Each failed pod counts
    /// against the Job's backoffLimit; <paramref name="failedPods"/> limits how many of its pods fail (null = all, so
    /// the Job ends Failed with BackoffLimitExceeded; 1 = the first pod fails and the retry succeeds).
    /// </summary>
    public void FailNextJob(string? namePrefix = null, int exitCode = 1, string? message = null, int? failedPods = null)
    {
        var text = message ?? $"{{\"status\":\"Failed\",\"exitCode\":{exitCode},\"error\":\"simulated failure\"}}";
        lock (_gate) _jobFailures.Add(new JobFailureRule(namePrefix, exitCode, text, failedPods ?? int.MaxValue));
    }

    /// <summary>
    /// The next Job whose name starts with <paramref name="namePrefix"/> (null = any) succeeds, its pod writing
    /// <paramref name="message"/> as the termination message instead of the synthesized one: e.g. a verification report
    /// listing missing tables, or a dump result of a given size.
    /// </summary>
    public void ReportFromNextJob(string? namePrefix, string message)
    {
        lock (_gate) _jobReports.Add(new JobReportRule(namePrefix, message));
    }

    /// <summary>The next CloudNativePG Backup whose name starts with <paramref name="namePrefix"/> (null = any) ends <c>failed</c> with this error.</summary>
    public void FailNextDatabaseBackup(string? namePrefix = null, string error = "simulated failure: barman-cloud-backup exited with status 1") =>
        AddRule(new VeleroOutcomeRule("cnpg.Backup", namePrefix, "failed", error));

    /// <summary>
    /// Pods of Deployments and StatefulSets in <paramref name="namespaceName"/> (null = everywhere) never become ready, as
    /// with an image that cannot be pulled: rollouts stay Progressing and, after the progress deadline, report
    /// ProgressDeadlineExceeded (an Argo CD app shows Degraded). Replicas already available stay available.
    /// </summary>
    public void StallRollouts(string? namespaceName = null)
    {
        lock (_gate)
        {
            if (namespaceName is null) _stallAll = true;
            else _stalledNamespaces.Add(namespaceName);
        }
    }

    /// <summary>Deployments and StatefulSets named <paramref name="workloadName"/>, in every namespace (a restored copy too), never
    /// become ready, as with an image that cannot be pulled; until <see cref="Reset"/>.</summary>
    public void NeverReady(string workloadName)
    {
        lock (_gate) _neverReady.Add(workloadName);
    }

    /// <summary>Restores of backups of <paramref name="sourceNamespace"/> (by the Restore's <c>includedNamespaces</c>) stay InProgress
    /// for <paramref name="delay"/> (the cluster's clock) before they restore anything; until <see cref="Reset"/>.</summary>
    public void SlowRestores(string sourceNamespace, TimeSpan delay)
    {
        lock (_gate) _slowRestores[sourceNamespace] = delay;
    }

    /// <summary>Every Restore of <paramref name="sourceNamespace"/> ends Failed with <paramref name="reason"/>; until <see cref="Reset"/>.</summary>
    public void FailRestores(string sourceNamespace, string reason = "simulated failure: the restore of this namespace failed")
    {
        lock (_gate) _failingRestores[sourceNamespace] = reason;
    }

    /// <summary>CSI snapshots of claims in <paramref name="namespaceName"/> become ready only <paramref name="delay"/> (the cluster's
    /// clock) after they were cut, instead of the cluster's <see cref="SimulatorOptions.SnapshotReadyDelay"/>; until <see cref="Reset"/>.</summary>
    public void SlowSnapshots(string namespaceName, TimeSpan delay)
    {
        lock (_gate) _slowSnapshots[namespaceName] = delay;
    }

    /// <summary>CSI snapshots of claims in <paramref name="namespaceName"/> are cut but never become ready (readyToUse stays false,
    /// no error), as with a driver still uploading; until <see cref="Reset"/>.</summary>
    public void SnapshotsNeverReady(string namespaceName)
    {
        lock (_gate) _neverReadySnapshots.Add(namespaceName);
    }

    /// <summary>The CSI driver fails to cut snapshots of claims in <paramref name="namespaceName"/>: the VolumeSnapshotContent (and so
    /// its VolumeSnapshot) gets <c>status.error</c> with <paramref name="driverError"/> wrapped as the csi-snapshotter words it;
    /// snapshots not yet ready fail too. Until <see cref="Reset"/>, after which the driver is asked again.</summary>
    public void FailSnapshots(string namespaceName,
        string driverError = "rpc error: code = Internal desc = Could not create snapshot: SnapshotCreationPerVolumeRateExceeded: The maximum per volume CreateSnapshot request rate has been exceeded. Use a different volume or wait and retry.")
    {
        lock (_gate) _failingSnapshots[namespaceName] = driverError;
    }

    /// <summary>The snapshot faults of one namespace: a delay (null = the cluster's), never ready, the driver's error.</summary>
    internal (TimeSpan? Delay, bool NeverReady, string? Failure) SnapshotFaults(string? namespaceName)
    {
        if (namespaceName is null) return (null, false, null);
        lock (_gate)
        {
            return (_slowSnapshots.TryGetValue(namespaceName, out var d) ? d : null, _neverReadySnapshots.Contains(namespaceName),
                _failingSnapshots.GetValueOrDefault(namespaceName));
        }
    }

    internal bool IsNeverReady(string? workloadName)
    {
        lock (_gate) return workloadName is not null && _neverReady.Contains(workloadName);
    }

    /// <summary>The longest delay set for any of <paramref name="namespaces"/>, and the failure reason of the first failing one.</summary>
    internal (TimeSpan? Delay, string? Failure) RestoreFaults(IEnumerable<string> namespaces)
    {
        lock (_gate)
        {
            var list = namespaces.ToList();
            var delays = list.Where(_slowRestores.ContainsKey).Select(n => _slowRestores[n]).ToList();
            return (delays.Count == 0 ? null : delays.Max(), list.Where(_failingRestores.ContainsKey).Select(n => _failingRestores[n]).FirstOrDefault());
        }
    }

    /// <summary>Ends <see cref="StallRollouts"/>: pending pods become ready at the next step.</summary>
    public void ResumeRollouts()
    {
        lock (_gate)
        {
            _stallAll = false;
            _stalledNamespaces.Clear();
        }
    }

    /// <summary>The cluster has no LoadBalancer implementation (bare metal without MetalLB, kind): Services of type
    /// LoadBalancer stay without an address until <see cref="ProvideLoadBalancers"/>.</summary>
    public void WithholdLoadBalancers()
    {
        lock (_gate) _noLoadBalancer = true;
    }

    public void ProvideLoadBalancers()
    {
        lock (_gate) _noLoadBalancer = false;
    }

    /// <summary>Backup storage location <paramref name="name"/> turns Unavailable with <paramref name="message"/> at the next
    /// controller step (as Velero reports a bucket it cannot reach), and stays so until <see cref="MakeLocationAvailable"/>.</summary>
    public void MakeLocationUnavailable(string name, string message = "rpc error: code = Unknown desc = operation error S3: ListObjectsV2, https response error StatusCode: 403, AccessDenied")
    {
        lock (_gate)
        {
            _unavailableLocations[name] = message;
            _recoveredLocations.Remove(name);
        }
    }

    /// <summary>Backup storage location <paramref name="name"/> is validated again and turns Available at the next step.</summary>
    public void MakeLocationAvailable(string name)
    {
        lock (_gate)
        {
            if (_unavailableLocations.Remove(name)) _recoveredLocations.Add(name);
        }
    }

    /// <summary>The locations to show Unavailable (name → message), and those to turn Available again (taken once).</summary>
    internal (IReadOnlyDictionary<string, string> Unavailable, IReadOnlyList<string> Recovered) TakeLocationChanges()
    {
        lock (_gate)
        {
            var recovered = _recoveredLocations.ToList();
            _recoveredLocations.Clear();
            return (new Dictionary<string, string>(_unavailableLocations, StringComparer.Ordinal), recovered);
        }
    }

    internal bool LoadBalancersWithheld
    {
        get { lock (_gate) return _noLoadBalancer; }
    }

    internal bool IsRolloutStalled(string? namespaceName)
    {
        lock (_gate) return _stallAll || (namespaceName is not null && _stalledNamespaces.Contains(namespaceName));
    }

    public void Reset()
    {
        lock (_gate)
        {
            _stallAll = false;
            _noLoadBalancer = false;
            _stalledNamespaces.Clear();
            _neverReady.Clear();
            _slowRestores.Clear();
            _failingRestores.Clear();
            _slowSnapshots.Clear();
            _neverReadySnapshots.Clear();
            _failingSnapshots.Clear();
            foreach (var name in _unavailableLocations.Keys) _recoveredLocations.Add(name);
            _unavailableLocations.Clear();
            _outcomes.Clear();
            _jobFailures.Clear();
            _jobReports.Clear();
            _failStatusCode = null;
        }
        RejectToken = false;
        HangRequests = false;
        VeleroInstalled = true;
    }

    /// <summary>The status code the current request must fail with, if any (consumes one from a counted fault).</summary>
    internal int? TakeRequestFailure(string path)
    {
        lock (_gate)
        {
            if (_failStatusCode is not { } code || _failRemaining <= 0) return null;
            if (_failPathContains is not null && !path.Contains(_failPathContains, StringComparison.Ordinal)) return null;
            if (_failRemaining != int.MaxValue && --_failRemaining == 0) _failStatusCode = null;
            _failedRequests++;
            return code;
        }
    }

    /// <summary>Claims the first outcome rule matching this Backup/Restore, so it applies once.</summary>
    internal VeleroOutcomeRule? TakeOutcome(string kind, string name)
    {
        lock (_gate)
        {
            var rule = _outcomes.FirstOrDefault(r => r.Kind == kind && (r.NamePrefix is null || name.StartsWith(r.NamePrefix, StringComparison.Ordinal)));
            if (rule is not null) _outcomes.Remove(rule);
            return rule;
        }
    }

    /// <summary>Claims the first Job failure rule matching this Job name.</summary>
    internal JobFailureRule? TakeJobFailure(string name)
    {
        lock (_gate)
        {
            var rule = _jobFailures.FirstOrDefault(r => r.NamePrefix is null || name.StartsWith(r.NamePrefix, StringComparison.Ordinal));
            if (rule is not null) _jobFailures.Remove(rule);
            return rule;
        }
    }

    /// <summary>Claims the first report rule matching this Job name.</summary>
    internal JobReportRule? TakeJobReport(string name)
    {
        lock (_gate)
        {
            var rule = _jobReports.FirstOrDefault(r => r.NamePrefix is null || name.StartsWith(r.NamePrefix, StringComparison.Ordinal));
            if (rule is not null) _jobReports.Remove(rule);
            return rule;
        }
    }

    private void AddRule(VeleroOutcomeRule rule)
    {
        lock (_gate) _outcomes.Add(rule);
    }
}

/// <summary>A forced end for one Backup or Restore (Velero or, with Kind "cnpg.Backup", CloudNativePG).</summary>
internal sealed record VeleroOutcomeRule(string Kind, string? NamePrefix, string Phase, string? FailureReason, int Errors = 0, int Warnings = 0,
    int VolumeSnapshotsFailed = 0);

/// <summary>A forced failure for one Job: its first <see cref="FailedPods"/> pods end Failed with this exit code and termination message.</summary>
internal sealed record JobFailureRule(string? NamePrefix, int ExitCode, string Message, int FailedPods);

/// <summary>A given termination message for one Job that succeeds.</summary>
internal sealed record JobReportRule(string? NamePrefix, string Message);
