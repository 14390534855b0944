using System.Text.RegularExpressions;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Security;

/// <summary>There is one way around the tenant filter (<see cref="Portal.Application.Security.TenantFilterBypass"/>:
/// a context opened with <c>TenantScope.Everything</c> for the portal's own work, or one query marked
/// <c>.AcrossTenants()</c> in a use case), and every place that uses it is on the allow-list below. A new bypass fails
/// this test until someone has checked that what it reads past the filter is checked against the caller, and added the
/// file here with the reason.</summary>
public partial class TenantFilterBypassTests
{
    /// <summary>File (below src/) → why it may read past the tenant filter.</summary>
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
        // Contexts of the portal's own work: no caller, every tenant.
        ["Portal.Application/Security/AccessContext.cs"] = "the system caller and estate-wide personas are scoped to everything",
        ["Portal.Infrastructure/Persistence/Queue/RequestQueue.cs"] = "the executor claims any tenant's request",
        ["Portal.Execution/RequestRun.cs"] = "the executor records any tenant's run",
        ["Portal.Infrastructure/Persistence/Queue/NotificationQueue.cs"] = "the notification worker claims any tenant's event or delivery",
        ["Portal.Execution/Notifications/NotificationDispatcher.cs"] = "the notification worker fans out and sends any tenant's events, to the channels NotificationAudience allows",
        ["Portal.Api/Filters/ApiCallTenant.cs"] = "names the tenant on the audit row of an API call that succeeded (so the caller saw it); 401 and 404 get none",
        ["Portal.Execution/ClusterHealthMonitor.cs"] = "cluster health is estate-wide",
        ["Portal.Execution/QueueDepthGauge.cs"] = "queue depth is counted across tenants (kind and status only, no ids leave)",
        ["Portal.Execution/Databases/DumpRunRecorder.cs"] = "scheduled dumps of every tenant are recorded",
        ["Portal.Execution/Databases/DumpRunTracker.cs"] = "scheduled dumps of every tenant are tracked",
        ["Portal.Execution/Moves/MigrationWaveDispatcher.cs"] = "waves span tenants",
        ["Portal.Execution/Protection/ProtectionFollower.cs"] = "every cluster with Velero is followed, whoever's namespaces it holds",
        ["Portal.Execution/Protection/FollowLeases.cs"] = "follow leases are per cluster, no tenant's",
        ["Portal.Execution/Protection/ClusterFollow.cs"] = "a cluster's backups, protections and facts span its tenants",
        ["Portal.Execution/Protection/ClusterFollow.Events.cs"] = "a cluster's observed backups and locations span its tenants",
        ["Portal.Execution/Protection/ClusterFollow.Recompute.cs"] = "a cluster's protections, facts and daily counts span its tenants",
        ["Portal.Execution/Recovery/DrillRows.cs"] = "drills of every tenant are run, swept and recorded by the portal",
        ["Portal.Execution/Recovery/DrillSweeper.cs"] = "drills of every tenant are cleaned up, on every cluster",
        ["Portal.Execution/Retention/RetentionSweeper.cs"] = "retention removes old audit and timeline rows of every tenant, and records the run estate-wide",
        ["Portal.Execution/Recovery/RestoreDrillExecutor.cs"] = "the executor reads the drill's target cluster, whoever's drill it is",
        ["Portal.Execution/Recovery/RestoreDrillExecutor.Checks.cs"] = "the registered database a drill's SQL check reads (checked against the drill's namespace)",
        ["Portal.Web/Hosting/DemoSeeder.cs"] = "demo data for every tenant",
        ["Portal.Web/Hosting/DemoMigrationSeeder.cs"] = "demo data for every tenant",
        ["Portal.Web/Hosting/DemoDrillSeeder.cs"] = "demo drills (which demo namespaces have no drill yet, as the demo's SRE)",
        ["Portal.Web/Hosting/DemoSnapshotSeeder.cs"] = "demo snapshots (which demo namespaces have a snapshot request still running, or no schedule yet, as the demo's SRE)",
        ["Portal.Web/Hosting/DemoProtectionSeeder.cs"] = "demo data for every tenant (which policies exist, which namespaces to protect)",
        // Use cases: one query past the filter, its rows checked against the caller.
        ["Portal.Application/Common/TenantNames.cs"] = "names of tenants whose rows the caller already read",
        ["Portal.Application/Features/Requests/ApprovalRules.cs"] = "the request's tenant's approval policy",
        ["Portal.Application/Features/Requests/List/ListApprovalInbox.cs"] = "the policies of the tenants in the inbox",
        ["Portal.Application/Features/Requests/Submit/SubmitRestoreRequest.cs"] = "which tenant owns a target namespace (only its id leaves)",
        ["Portal.Application/Features/Moves/MigrationInspector.cs"] = "who owns namespaces on the target cluster",
        ["Portal.Application/Features/Moves/Plans/GetMigrationPlan.cs"] = "a plan spans tenants: totals, names, policies",
        ["Portal.Application/Features/Moves/Applications/ListMigrationCandidates.cs"] = "namespaces already planned by any tenant",
        ["Portal.Application/Features/Moves/Applications/RunMigrationPreflight.cs"] = "names of the target's owners",
        ["Portal.Application/Features/Moves/Waves/SubmitMigrationWave.cs"] = "a wave is submitted whole",
        ["Portal.Application/Features/Moves/Waves/CloseMigrationWave.cs"] = "a wave is closed whole",
        ["Portal.Application/Features/Moves/Waves/DecideOnMigrationWave.cs"] = "a wave is decided whole (every tenant checked)",
        ["Portal.Application/Features/Moves/Waves/ChangeMigrationWave.cs"] = "a changed window clears every owner's acknowledgement",
        ["Portal.Application/Features/Moves/Waves/ListMigrationWavesAwaitingDecision.cs"] = "waves awaiting a decision, whole",
        ["Portal.Application/Features/Protection/Namespaces/ProtectionTerms.cs"] = "the policies granted to, and the minimum of, the tenant of a namespace the caller was checked against",
        ["Portal.Application/Features/Recovery/Drills/GetPolicyDrillSchedule.cs"] = "a policy's drill schedule (no tenant's), for platform engineers over the whole estate",
        ["Portal.Application/Features/Recovery/Drills/GetNamespaceDrills.cs"] = "the drill schedules (no tenant's) of the policies protecting a namespace the caller was checked against",
        ["Portal.Application/Features/Protection/Status/NamespaceStatusReader.cs"] = "the minimum policy id of tenants whose namespaces the caller already read",
    };

    [Fact]
    public void Source_EveryTenantFilterBypass_IsOnTheAllowList()
    {
        var found = Bypasses().Select(b => b.File).Distinct().Order(StringComparer.Ordinal).ToList();

        var unexpected = found.Where(f => !Allowed.ContainsKey(f)).ToList();
        Assert.True(unexpected.Count == 0,
            "New ways past the tenant filter (check what they read against the caller, then add the file to the allow-list with the reason): "
            + string.Join(", ", unexpected));
        var stale = Allowed.Keys.Where(f => !found.Contains(f)).ToList();
        Assert.True(stale.Count == 0, "Allowed but no longer bypassing the tenant filter (take them off the list): " + string.Join(", ", stale));
    }

    [Fact]
    public void Source_IgnoreQueryFilters_IsCalledOnlyByTheOneBypass()
    {
        var direct = SourceFiles().Where(f => f.Path != "Portal.Application/Security/TenantFilterBypass.cs"
                && Code(f.Text).Contains("IgnoreQueryFilters(", StringComparison.Ordinal))
            .Select(f => f.Path).ToList();
        Assert.True(direct.Count == 0, "Call .AcrossTenants() (TenantFilterBypass), not IgnoreQueryFilters(): " + string.Join(", ", direct));
        var bypass = SourceFiles().Single(f => f.Path == "Portal.Application/Security/TenantFilterBypass.cs");
        Assert.Contains("=> rows.IgnoreQueryFilters();", Code(bypass.Text));
    }

    [Fact]
    public void Bypasses_FindEachFormOfBypass_InCodeButNotInComments()
    {
        Assert.True(IsBypass("var x = await db.Tenants.AcrossTenants().ToListAsync();"));
        Assert.True(IsBypass("await using var db = await factory.CreateAsync(TenantScope.Everything, ct);"));
        Assert.True(IsBypass("await using var db = await factory.CreateAsync(Security.TenantScope.Everything, ct);"));
        Assert.True(IsBypass("var scope = new TenantScope(true, [], []);"));
        Assert.False(IsBypass("/// <summary>Opened with <see cref=\"TenantScope.Everything\"/>.</summary>"));
        Assert.False(IsBypass("// .AcrossTenants() would be wrong here"));
        Assert.False(IsBypass("await factory.CreateAsync(TenantScope.Nothing, ct);"));
    }

    private static bool IsBypass(string code) => BypassPattern().IsMatch(Code(code));

    private static IEnumerable<(string File, string Line)> Bypasses() =>
        from f in SourceFiles()
        where f.Path is not "Portal.Application/Security/TenantFilterBypass.cs" and not "Portal.Application/Security/TenantScope.cs"
        from line in Code(f.Text).Split('\n')
        where BypassPattern().IsMatch(line)
        select (f.Path, line.Trim());

    private static string Code(string text) => SourceTree.Code(text);

    private static IEnumerable<(string Path, string Text)> SourceFiles() => SourceTree.Files();

    [GeneratedRegex(@"\.AcrossTenants\s*\(|TenantScope\.Everything\b|new\s+TenantScope\s*\(\s*true\b|new\s*\(\s*true\s*,\s*\[\]")]
    private static partial Regex BypassPattern();
}
