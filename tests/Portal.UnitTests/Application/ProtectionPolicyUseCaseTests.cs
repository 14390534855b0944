using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Features.Protection.Policies;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Clusters;
using Portal.Domain.Protection;
using Portal.UnitTests.Security;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

/// <summary>Protection policies, made and kept by platform engineers: every refusal is in words and writes nothing.
/// The world is <see cref="WalkWorld"/> (bravo-gold: Bravo's minimum; shared-silver: granted to both, bravo-ns on it)
/// with a platform engineer of the whole estate, Pat.</summary>
public class ProtectionPolicyUseCaseTests
{
    private static ProtectionPolicyInput Input(string cron = "0 * * * *", string zone = "Europe/Berlin", double retentionHours = 24 * 7,
        double rpoHours = 2, string? location = null, IReadOnlyList<string>? excluded = null, IReadOnlyList<BackupHook>? hooks = null) =>
        new("hourly, kept a week", cron, zone, TimeSpan.FromHours(retentionHours), TimeSpan.FromHours(rpoHours),
            VolumeProtection.CsiSnapshotsMovedToObjectStorage, location, excluded ?? ["events"], hooks ?? []);

    private static async Task<(PortalTestHost Host, WalkWorld World, CurrentPrincipal Pat)> StartAsync()
    {
        var host = await PortalTestHost.StartAsync();
        var w = await WalkWorld.SeedAsync(host);
        var pat = new PortalUser("pat", "Pat Platform", "pat@example.org");
        await using (var db = await host.OpenAllAsync())
        {
            db.Users.Add(pat);
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, pat.Id.ToString(), Persona.PlatformEngineer, ScopeKind.Estate));
            var cluster = await db.Clusters.FirstAsync(c => c.Id == w.ClusterId);
            cluster.RecordCapabilities(cluster.Capabilities with { BackupStorageLocations = [new BackupStorageLocationInfo("default", "Available", true, null)] });
            await db.SaveChangesAsync();
        }
        var principal = new CurrentPrincipal(pat.Id.ToString(), pat.DisplayName, pat.Email, []);
        host.Principal.Current = principal;
        return (host, w, principal);
    }

    private static Task<Result<ProtectionPolicySaved>> CreateAsync(PortalTestHost host, ProtectionPolicyInput input, string name = "gold") =>
        host.RunAsync<CreateProtectionPolicy, Result<ProtectionPolicySaved>>(u => u.HandleAsync(new CreateProtectionPolicyCommand(name, ProtectionTarget.Namespace, input)));

    private static Task<Result<T>> RunAsync<TUseCase, T>(PortalTestHost host, Func<TUseCase, Task<Result<T>>> call) where TUseCase : notnull =>
        host.RunAsync(call);

    private static async Task<string> PoliciesAsync(PortalTestHost host)
    {
        await using var db = await host.OpenAllAsync();
        var policies = await db.ProtectionPolicies.AsNoTracking().OrderBy(p => p.Name).ToListAsync();
        var grants = await db.ProtectionPolicyGrants.AsNoTracking().OrderBy(g => g.Id).ToListAsync();
        var tenants = await db.Tenants.AsNoTracking().OrderBy(t => t.Id).Select(t => t.MinimumProtectionPolicyId).ToListAsync();
        return System.Text.Json.JsonSerializer.Serialize(new object[] { policies, grants, tenants });
    }

    [Fact]
    public async Task Create_AsEstatePlatformEngineer_SavesThePolicyAndAuditsIt()
    {
        var (host, _, _) = await StartAsync();
        await using var _h = host;
        var hook = new BackupHook("freeze", HookPhase.Pre, "app=shop-db", "postgres", ["fsfreeze", "--freeze", "/var/lib/postgresql"], HookOnError.Fail,
            TimeSpan.FromMinutes(2));

        var saved = await CreateAsync(host, Input(location: "default", hooks: [hook]));

        Assert.True(saved.IsSuccess, saved.Error?.Message);
        Assert.Empty(saved.Value!.Warnings);
        await using var db = await host.OpenAllAsync();
        var policy = await db.ProtectionPolicies.SingleAsync(p => p.Name == "gold");
        Assert.Equal(("0 * * * *", "Europe/Berlin", TimeSpan.FromHours(2), "default"), (policy.Cron, policy.TimeZone, policy.TargetRpo, policy.StorageLocation));
        Assert.Equal(["fsfreeze", "--freeze", "/var/lib/postgresql"], policy.Hooks.Single().Command);
        Assert.Equal("Pat Platform", policy.CreatedBy);
        var audit = await db.AuditEvents.SingleAsync(a => a.Action == "protection.policy.created");
        Assert.Contains("cron 0 * * * * Europe/Berlin", audit.Summary);
    }

    [Theory]
    [InlineData("0 2 * *", "Europe/Berlin", 168, 2, "five fields")]
    [InlineData("61 * * * *", "Europe/Berlin", 168, 2, "not a valid cron expression")]
    [InlineData("0 * L * *", "Europe/Berlin", 168, 2, "uses L, W or #")]
    [InlineData("0 * * * *", "Mars/Olympus", 168, 2, "'Mars/Olympus' is not an IANA time zone")]
    [InlineData("0 * * * *", "", 168, 2, "Choose the time zone")]
    [InlineData("0 2 * * *", "Europe/Berlin", 168, 2, "a target RPO of 2 hours would be missed")]
    // Daily at 02:00 in Berlin leaves 25 hours once a year, when the clocks go back: an RPO of 24 hours is missed then.
    [InlineData("0 2 * * *", "Europe/Berlin", 168, 24, "leaves up to 25 hours between runs")]
    [InlineData("0 * * * *", "Europe/Berlin", 1, 2, "at least as long as the target RPO")]
    [InlineData("*/1 * * * *", "Europe/Berlin", 0.5, 0.05, "Keep backups at least an hour")]
    [InlineData("*/1 * * * *", "Europe/Berlin", 168, 0.05, "at least 5 minutes")]
    public async Task Create_BadSchedule_IsRefusedInWordsAndNothingIsSaved(string cron, string zone, double retentionHours, double rpoHours, string expected)
    {
        var (host, _, _) = await StartAsync();
        await using var _h = host;
        var before = await PoliciesAsync(host);

        var saved = await CreateAsync(host, Input(cron, zone, retentionHours, rpoHours));

        Assert.Equal(ErrorKind.Validation, saved.Error!.Kind);
        Assert.Contains(expected, saved.Error.Message);
        Assert.Equal(before, await PoliciesAsync(host));
    }

    [Fact]
    public async Task Create_DailyInBerlinWithRpo26Hours_IsFine()
    {
        var (host, _, _) = await StartAsync();
        await using var _h = host;
        var saved = await CreateAsync(host, Input("0 2 * * *", "Europe/Berlin", 24 * 30, 26), "bronze");
        Assert.True(saved.IsSuccess, saved.Error?.Message);
    }

    [Fact]
    public async Task Create_DuplicateName_IsRefused()
    {
        var (host, _, _) = await StartAsync();
        await using var _h = host;
        var saved = await CreateAsync(host, Input(), "shared-silver");
        Assert.Equal(ErrorKind.Conflict, saved.Error!.Kind);
        Assert.Contains("There is a policy named shared-silver already", saved.Error.Message);
    }

    [Fact]
    public async Task Create_BadHook_IsRefusedNamingTheHook()
    {
        var (host, _, _) = await StartAsync();
        await using var _h = host;
        var hook = new BackupHook("freeze", HookPhase.Pre, null, null, ["fsfreeze", " "], HookOnError.Continue, TimeSpan.FromMinutes(2));
        var saved = await CreateAsync(host, Input(hooks: [hook]));
        Assert.Equal("Hook freeze: give the command as one argument per line, none of them empty.", saved.Error!.Message);
    }

    [Fact]
    public async Task Create_LocationNoClusterReports_WarnsButSaves()
    {
        var (host, _, _) = await StartAsync();
        await using var _h = host;
        var saved = await CreateAsync(host, Input(location: "offsite"));
        Assert.True(saved.IsSuccess, saved.Error?.Message);
        Assert.Equal("No registered cluster reports a backup storage location named offsite (they report default). "
            + "Schedules on this policy fail validation on a cluster until it has one.", Assert.Single(saved.Value!.Warnings));
    }

    [Theory]
    [InlineData(Persona.PlatformEngineer)] // of tenant Alpha only: policies are the estate's
    [InlineData(Persona.SreEngineer)]
    [InlineData(Persona.ApplicationOwner)]
    public async Task Create_AsTenantPersona_IsRefused(Persona persona)
    {
        var (host, w, _) = await StartAsync();
        await using var _h = host;
        host.Principal.Current = w.AlphaPeople[persona];
        var saved = await CreateAsync(host, Input());
        Assert.Equal(ErrorKind.Forbidden, saved.Error!.Kind);
        var changed = await RunAsync<ChangeProtectionPolicy, ProtectionPolicySaved>(host,
            u => u.HandleAsync(new ChangeProtectionPolicyCommand(w.SharedPolicy, Guid.Empty, Input())));
        Assert.Equal(ErrorKind.Forbidden, changed.Error!.Kind);
    }

    [Fact]
    public async Task Change_CurrentVersion_ChangesTheRunsAndCountsTheNamespacesOnIt()
    {
        var (host, w, _) = await StartAsync();
        await using var _h = host;
        var details = await RunAsync<GetProtectionPolicy, ProtectionPolicyDetails>(host, u => u.HandleAsync(new GetProtectionPolicyQuery(w.SharedPolicy)));

        var changed = await RunAsync<ChangeProtectionPolicy, ProtectionPolicySaved>(host,
            u => u.HandleAsync(new ChangeProtectionPolicyCommand(w.SharedPolicy, details.Value!.Policy.Version, Input("30 * * * *"))));

        Assert.True(changed.IsSuccess, changed.Error?.Message);
        Assert.Equal(1, changed.Value!.Namespaces);
        Assert.NotEqual(details.Value!.Policy.Version, changed.Value.Version);
        await using var db = await host.OpenAllAsync();
        Assert.Equal("30 * * * *", (await db.ProtectionPolicies.SingleAsync(p => p.Id == w.SharedPolicy)).Cron);
        Assert.Contains("to cron 30 * * * * Europe/Berlin", (await db.AuditEvents.SingleAsync(a => a.Action == "protection.policy.changed")).Summary);
    }

    [Fact]
    public async Task Change_StaleVersion_IsRefusedInWords()
    {
        var (host, w, _) = await StartAsync();
        await using var _h = host;
        var first = await RunAsync<ChangeProtectionPolicy, ProtectionPolicySaved>(host,
            u => u.HandleAsync(new ChangeProtectionPolicyCommand(w.BravoPolicy, w.BravoPolicyVersion, Input("15 * * * *"))));
        Assert.True(first.IsSuccess, first.Error?.Message);
        var before = await PoliciesAsync(host);

        var second = await RunAsync<ChangeProtectionPolicy, ProtectionPolicySaved>(host,
            u => u.HandleAsync(new ChangeProtectionPolicyCommand(w.BravoPolicy, w.BravoPolicyVersion, Input("45 * * * *"))));

        Assert.Equal(ErrorKind.Conflict, second.Error!.Kind);
        Assert.Equal("Someone else changed policy bravo-gold since you opened it. Reload the page to see their change, then make yours again.", second.Error.Message);
        Assert.Equal(before, await PoliciesAsync(host));
    }

    [Fact]
    public async Task Retire_TenantsMinimum_IsRefusedNamingTheTenant()
    {
        var (host, w, _) = await StartAsync();
        await using var _h = host;
        var retired = await RunAsync<RetireProtectionPolicy, Unit>(host, u => u.HandleAsync(new RetireProtectionPolicyCommand(w.BravoPolicy, "bravo-gold")));
        Assert.Equal("bravo-gold is the minimum of Bravo Corp: choose another minimum for that tenant first.", retired.Error!.Message);
    }

    [Fact]
    public async Task Retire_NameNotTyped_IsRefused()
    {
        var (host, w, _) = await StartAsync();
        await using var _h = host;
        var retired = await RunAsync<RetireProtectionPolicy, Unit>(host, u => u.HandleAsync(new RetireProtectionPolicyCommand(w.SharedPolicy, "shared")));
        Assert.Equal("Type the policy's name, shared-silver, to confirm retiring it.", retired.Error!.Message);
    }

    [Fact]
    public async Task Retire_Confirmed_RetiresAndThePolicyTakesNoNewTenants()
    {
        var (host, w, _) = await StartAsync();
        await using var _h = host;
        var retired = await RunAsync<RetireProtectionPolicy, Unit>(host, u => u.HandleAsync(new RetireProtectionPolicyCommand(w.SharedPolicy, "shared-silver")));
        Assert.True(retired.IsSuccess, retired.Error?.Message);

        var list = await RunAsync<ListProtectionPolicies, ProtectionPolicyList>(host, u => u.HandleAsync(new ListProtectionPoliciesQuery()));
        Assert.True(list.Value!.Policies.Single(p => p.Id == w.SharedPolicy).IsRetired);
        var minimum = await RunAsync<SetTenantProtectionMinimum, Unit>(host, u => u.HandleAsync(new SetTenantProtectionMinimumCommand(w.AlphaTenant, w.SharedPolicy)));
        Assert.Equal("shared-silver is retired: choose a policy in use as the minimum.", minimum.Error!.Message);
        var changed = await RunAsync<ChangeProtectionPolicy, ProtectionPolicySaved>(host,
            u => u.HandleAsync(new ChangeProtectionPolicyCommand(w.SharedPolicy, list.Value.Policies.Single(p => p.Id == w.SharedPolicy).Version, Input())));
        Assert.Equal("Policy shared-silver is retired: it can no longer be changed.", changed.Error!.Message);
    }

    [Fact]
    public async Task Revoke_WhileANamespaceOfTheTenantIsOnIt_IsRefusedSayingHowMany()
    {
        var (host, w, _) = await StartAsync();
        await using var _h = host;
        var before = await PoliciesAsync(host);
        var revoked = await RunAsync<RevokeProtectionPolicyGrant, Unit>(host, u => u.HandleAsync(new RevokeProtectionPolicyGrantCommand(w.SharedPolicy, w.BravoTenant)));
        Assert.Equal("1 namespace of Bravo Corp is protected by shared-silver: move it to another policy first.", revoked.Error!.Message);
        Assert.Equal(before, await PoliciesAsync(host));
    }

    [Fact]
    public async Task Revoke_TenantsMinimum_IsRefused()
    {
        var (host, w, _) = await StartAsync();
        await using var _h = host;
        var revoked = await RunAsync<RevokeProtectionPolicyGrant, Unit>(host, u => u.HandleAsync(new RevokeProtectionPolicyGrantCommand(w.BravoPolicy, w.BravoTenant)));
        Assert.Equal("bravo-gold is the minimum of Bravo Corp: choose another minimum (or none) first.", revoked.Error!.Message);
    }

    [Fact]
    public async Task GrantAndRevoke_AsTenantsPlatformEngineer_ChangeOnlyThatTenant()
    {
        var (host, w, _) = await StartAsync();
        await using var _h = host;
        var revokedByPat = await RunAsync<RevokeProtectionPolicyGrant, Unit>(host, u => u.HandleAsync(new RevokeProtectionPolicyGrantCommand(w.SharedPolicy, w.AlphaTenant)));
        Assert.True(revokedByPat.IsSuccess, revokedByPat.Error?.Message);
        var granted = await RunAsync<GrantProtectionPolicy, Unit>(host, u => u.HandleAsync(new GrantProtectionPolicyCommand(w.SharedPolicy, w.AlphaTenant)));
        Assert.True(granted.IsSuccess, granted.Error?.Message);

        host.Principal.Current = w.AlphaPeople[Persona.PlatformEngineer];
        var minimum = await RunAsync<SetTenantProtectionMinimum, Unit>(host, u => u.HandleAsync(new SetTenantProtectionMinimumCommand(w.AlphaTenant, w.SharedPolicy)));
        Assert.True(minimum.IsSuccess, minimum.Error?.Message);
        var notSeen = await RunAsync<GrantProtectionPolicy, Unit>(host, u => u.HandleAsync(new GrantProtectionPolicyCommand(w.BravoPolicy, w.AlphaTenant)));
        Assert.Equal(ErrorKind.NotFound, notSeen.Error!.Kind);

        await using var db = await host.OpenAllAsync();
        Assert.Equal(w.SharedPolicy, (await db.Tenants.SingleAsync(t => t.Id == w.AlphaTenant)).MinimumProtectionPolicyId);
        Assert.Equal(["protection.minimum.set", "protection.policy.granted", "protection.policy.revoked"],
            (await db.AuditEvents.Where(a => a.Action.StartsWith("protection.")).Select(a => a.Action).ToListAsync()).Order());
    }

    [Fact]
    public async Task SetMinimum_PolicyNotGrantedToTheTenant_IsRefused()
    {
        var (host, w, _) = await StartAsync();
        await using var _h = host;
        var minimum = await RunAsync<SetTenantProtectionMinimum, Unit>(host, u => u.HandleAsync(new SetTenantProtectionMinimumCommand(w.AlphaTenant, w.BravoPolicy)));
        Assert.Equal("Alpha Shop may not use bravo-gold: let it use the policy first, then make it the minimum.", minimum.Error!.Message);
    }

    [Fact]
    public async Task SetMinimum_Null_ClearsIt()
    {
        var (host, w, _) = await StartAsync();
        await using var _h = host;
        var cleared = await RunAsync<SetTenantProtectionMinimum, Unit>(host, u => u.HandleAsync(new SetTenantProtectionMinimumCommand(w.BravoTenant, null)));
        Assert.True(cleared.IsSuccess, cleared.Error?.Message);
        await using var db = await host.OpenAllAsync();
        Assert.Null((await db.Tenants.SingleAsync(t => t.Id == w.BravoTenant)).MinimumProtectionPolicyId);
        Assert.Equal("Bravo Corp has no minimum protection any more", (await db.AuditEvents.SingleAsync(a => a.Action == "protection.minimum.cleared")).Summary);
    }

    [Fact]
    public async Task List_AsEstatePlatformEngineer_ShowsEveryPolicyWithItsTenantsAndNamespaces()
    {
        var (host, w, _) = await StartAsync();
        await using var _h = host;
        var list = (await RunAsync<ListProtectionPolicies, ProtectionPolicyList>(host, u => u.HandleAsync(new ListProtectionPoliciesQuery()))).Value!;

        Assert.True(list.CanManage);
        Assert.Equal(["bravo-cluster-dr", "bravo-gold", "shared-silver"], list.Policies.Select(p => p.Name));
        var silver = list.Policies.Single(p => p.Name == "shared-silver");
        Assert.Equal(["Alpha Shop", "Bravo Corp"], silver.Tenants.Select(t => t.Name));
        Assert.Equal(1, silver.Namespaces);
        Assert.Equal(["Bravo Corp"], list.Policies.Single(p => p.Name == "bravo-gold").MinimumOf.Select(t => t.Name));
        Assert.Equal(["default"], list.StorageLocations);
        Assert.Equal("bravo-gold", list.Tenants.Single(t => t.TenantId == w.BravoTenant).MinimumPolicyName);
    }

    [Theory]
    [InlineData(Persona.SreEngineer)]
    [InlineData(Persona.ApplicationOwner)]
    [InlineData(Persona.PlatformEngineer)]
    public async Task List_AsAlphaPersona_ShowsOnlyAlphasPoliciesAndNoOtherTenant(Persona persona)
    {
        var (host, w, _) = await StartAsync();
        await using var _h = host;
        host.Principal.Current = w.AlphaPeople[persona];
        var list = (await RunAsync<ListProtectionPolicies, ProtectionPolicyList>(host, u => u.HandleAsync(new ListProtectionPoliciesQuery()))).Value!;

        Assert.False(list.CanManage);
        var silver = Assert.Single(list.Policies);
        Assert.Equal("shared-silver", silver.Name);
        Assert.Equal(["Alpha Shop"], silver.Tenants.Select(t => t.Name));
        Assert.Equal(0, silver.Namespaces);
        Assert.Equal(["Alpha Shop"], list.Tenants.Select(t => t.TenantName));
        Assert.Equal(persona == Persona.PlatformEngineer, list.Tenants.Single().CanManage);
    }
}
