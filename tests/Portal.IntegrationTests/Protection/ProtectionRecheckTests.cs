using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Features.Protection.Namespaces;
using Portal.Application.Features.Requests.Decide;
using Portal.Application.Features.Tenants;
using Portal.Domain.Access;
using Portal.Domain.Protection;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;
using static Portal.IntegrationTests.Protection.ProtectionWorld;

namespace Portal.IntegrationTests.Protection;

/// <summary>Between the approval of a protection and its execution the world moves: the executor checks again right
/// before it writes the Schedule, and fails in words with nothing written (no Schedule, no protection row).</summary>
public class ProtectionRecheckTests
{
    [Fact]
    public async Task Protect_WhenTheNamespaceWasGivenToAnotherTenantAfterApproval_FailsAndWritesNothing()
    {
        await using var w = await JourneyWorld.CreateAsync();
        var (gold, protect) = await ApprovedProtectAsync(w);
        w.As(w.Platform);
        await using (var db = await w.Portal.OpenAllAsync())
        {
            var claim = await db.TenantNamespaces.FirstAsync(n => n.Namespace == "shop-frontend");
            JourneyWorld.Ok(await w.Portal.RunAsync<ReleaseNamespace, Result<Unit>>(u => u.HandleAsync(new ReleaseNamespaceCommand(claim.Id))));
        }
        var other = JourneyWorld.Ok(await w.Portal.RunAsync<CreateTenant, Result<Guid>>(u => u.HandleAsync(new CreateTenantCommand("billing", "Billing"))));
        JourneyWorld.Ok(await w.Portal.RunAsync<ClaimNamespace, Result<Guid>>(u => u.HandleAsync(new ClaimNamespaceCommand(other, w.ClusterId, "shop-frontend"))));

        var done = await RunAsync(w, protect);

        Assert.Equal(RequestStatus.Failed, done.Status);
        Assert.Contains("no longer belongs to your tenant Webshop: it was given to another tenant", done.FailureReason);
        Assert.Contains("Nothing was changed.", done.FailureReason);
        await NothingWrittenAsync(w);
    }

    [Fact]
    public async Task Protect_WhenThePolicyGrantWasWithdrawnAfterApproval_FailsAndWritesNothing()
    {
        await using var w = await JourneyWorld.CreateAsync();
        var (gold, protect) = await ApprovedProtectAsync(w);
        await using (var db = await w.Portal.OpenAllAsync())
        {
            db.ProtectionPolicyGrants.RemoveRange(db.ProtectionPolicyGrants.Where(g => g.PolicyId == gold.Id));
            await db.SaveChangesAsync();
        }

        var done = await RunAsync(w, protect);

        Assert.Equal(RequestStatus.Failed, done.Status);
        Assert.Contains("may no longer use policy gold: its grant was withdrawn", done.FailureReason);
        await NothingWrittenAsync(w);
    }

    [Fact]
    public async Task Protect_WhenSomeoneCreatedAScheduleOfThatNameAfterApproval_FailsAndLeavesTheirsAsItIs()
    {
        await using var w = await JourneyWorld.CreateAsync();
        var (_, protect) = await ApprovedProtectAsync(w);
        var name = $"portal-protect-{protect:N}";
        w.Cluster.Store.Put(new JsonObject
        {
            ["apiVersion"] = "velero.io/v1", ["kind"] = "Schedule",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "velero", ["labels"] = new JsonObject { ["team"] = "ops" } },
            ["spec"] = new JsonObject { ["schedule"] = "0 5 * * *", ["paused"] = true, ["template"] = new JsonObject { ["includedNamespaces"] = new JsonArray("payments") } },
        });

        var done = await RunAsync(w, protect);

        Assert.Equal(RequestStatus.Failed, done.Status);
        Assert.Contains($"A Velero Schedule named {name} exists on cluster prod-east that the portal did not make", done.FailureReason);
        Assert.Contains("Nothing was changed.", done.FailureReason);
        var theirs = w.Cluster.Store.Get("velero.io/v1", "Schedule", "velero", name)!;
        Assert.Equal("0 5 * * *", theirs["spec"]!["schedule"]!.GetValue<string>());
        Assert.Equal("payments", theirs["spec"]!["template"]!["includedNamespaces"]![0]!.GetValue<string>());
        Assert.Equal(0, await ProtectionCountAsync(w));
    }

    [Fact]
    public async Task ProtectClusterResources_IsApprovedByAnotherPlatformEngineer_AndBacksUpClusterScopedResourcesOnly()
    {
        await using var w = await JourneyWorld.CreateAsync();
        var dr = await PolicyAsync(w, "cluster-dr", target: ProtectionTarget.ClusterResources, grant: false);
        await w.Portal.StartExecutorAsync();
        w.As(w.Owner);
        var refused = await w.Portal.RunAsync<ProtectClusterResources, Result<Guid>>(u => u.HandleAsync(new ProtectClusterResourcesCommand(w.ClusterId, dr.Id)));
        Assert.False(refused.IsSuccess);
        w.As(w.Platform);
        var id = JourneyWorld.Ok(await w.Portal.RunAsync<ProtectClusterResources, Result<Guid>>(u => u.HandleAsync(new ProtectClusterResourcesCommand(w.ClusterId, dr.Id))));
        var own = await w.Portal.RunAsync<DecideOnRequest, Result<RequestStatus>>(u => u.HandleAsync(new DecideOnRequestCommand(id, true, null)));
        Assert.Equal(ErrorKind.Forbidden, own.Error!.Kind);
        w.As(w.Sre);
        Assert.False((await w.Portal.RunAsync<DecideOnRequest, Result<RequestStatus>>(u => u.HandleAsync(new DecideOnRequestCommand(id, true, null)))).IsSuccess);

        var second = await w.AddPersonAsync("pat", "Pat Platform", Persona.SreEngineer);
        await using (var db = await w.Portal.OpenAllAsync())
        {
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, second.UserId, Persona.PlatformEngineer, ScopeKind.Estate));
            await db.SaveChangesAsync();
        }
        w.As(second);
        Assert.Equal(RequestStatus.Queued, JourneyWorld.Ok(await w.Portal.RunAsync<DecideOnRequest, Result<RequestStatus>>(u => u.HandleAsync(new DecideOnRequestCommand(id, true, null)))));

        var done = await WaitAsSystemAsync(w, id);
        Assert.Equal(RequestStatus.Succeeded, done.Status);
        var template = Schedule(w, id)!["spec"]!["template"]!.AsObject();
        Assert.Equal("*", template["includedClusterScopedResources"]![0]!.GetValue<string>());
        Assert.Equal("*", template["excludedNamespaceScopedResources"]![0]!.GetValue<string>());
        Assert.False(template.ContainsKey("includedNamespaces"));
        var row = (await ProtectionAsync(w, id))!;
        Assert.Equal((Guid.Empty, "", ProtectionTarget.ClusterResources), (row.TenantId, row.Namespace, row.Target));
    }

    private static async Task<(ProtectionPolicy Gold, Guid Request)> ApprovedProtectAsync(JourneyWorld w)
    {
        var gold = await PolicyAsync(w, "gold");
        w.As(w.Owner);
        var protect = JourneyWorld.Ok(await w.Portal.RunAsync<ProtectNamespace, Result<Guid>>(u => u.HandleAsync(new ProtectNamespaceCommand(w.NamespaceId, gold.Id))));
        await ApproveAsync(w, protect);
        return (gold, protect);
    }

    private static async Task<OperationRequest> RunAsync(JourneyWorld w, Guid id)
    {
        await w.Portal.StartExecutorAsync();
        return await WaitAsSystemAsync(w, id);
    }

    private static async Task NothingWrittenAsync(JourneyWorld w)
    {
        Assert.Equal(0, PortalSchedules(w));
        Assert.Equal(0, await ProtectionCountAsync(w));
    }

    private static async Task<OperationRequest> WaitAsSystemAsync(JourneyWorld w, Guid id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            await using (var db = await w.Portal.OpenAllAsync())
            {
                var r = await db.Requests.AsNoTracking().FirstAsync(x => x.Id == id);
                if (r.Status.IsTerminal() || DateTime.UtcNow > deadline) return r;
            }
            await Task.Delay(100);
        }
    }
}
