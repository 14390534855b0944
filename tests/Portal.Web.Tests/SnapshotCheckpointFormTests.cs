using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Snapshots;
using Portal.Application.Security;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.Web.Components.Pages.Snapshots;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

/// <summary>"Database checkpoint" on the snapshot form: the namespace's registered databases are offered with what runs, the
/// refusal of a missing database is shown next to the field, and the chosen database goes with the request.</summary>
public sealed class SnapshotCheckpointFormTests : PortalTestContext
{
    private async Task<Guid> SeedAsync()
    {
        Snapshots.Claims.Add(new SnapshotClaimInfo("shop", "data", "gp3", "ebs.csi.aws.com", "Bound", "8Gi", "pv-data", false, [new("StatefulSet", "db")]));
        await using var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        var ns = await db.TenantNamespaces.SingleAsync(n => n.Id == ShopNamespaceId);
        var target = new DatabaseTarget(TenantId, ns.ClusterId, "shop", "shop-db", DatabaseEngine.PostgreSql, "shop-db-rw", 5432, ["shop"],
            new SecretKeyReference("shop-db-app", "username", "password"), DatabaseSource.Manual, null, 16, "Sam Reliability", DateTimeOffset.UtcNow);
        db.DatabaseTargets.Add(target);
        await db.SaveChangesAsync();
        return target.Id;
    }

    [Fact]
    public async Task DatabaseCheckpoint_WithoutADatabase_IsRefusedNextToTheField_ThenTheChosenDatabaseGoesWithTheRequest()
    {
        var database = await SeedAsync();
        Principal.Current = Sam;
        var cut = Render<SnapshotsPanel>(p => p.Add(x => x.TenantNamespaceId, ShopNamespaceId));
        cut.WaitForElement("[data-testid='snapshots-consistency']");
        Assert.Equal("shop-db", Assert.Single(cut.Instance.View!.Databases).Name);

        await cut.InvokeAsync(() =>
        {
            cut.Instance.ClaimChoices = ["data"];
            cut.Instance.Consistency = SnapshotConsistency.DatabaseCheckpoint;
        });
        cut.Render();
        var field = cut.WaitForElement("[data-testid='snapshots-database']");
        Assert.Contains("database's own statement", cut.Markup);

        await cut.InvokeAsync(cut.Instance.SnapshotNowAsync);
        Assert.Equal(SnapshotCheckpoint.Field, cut.Instance.ActionError?.Field);
        cut.Render(); // as the button's handler would
        cut.WaitForAssertion(() => Assert.Contains("A database checkpoint needs the database", cut.Markup)); // only the field shows a field's refusal
        Assert.Empty(cut.FindAll("[data-testid='snapshots-error']")); // said next to the field, not in the general alert
        Assert.Empty(await AllRequestsAsync());

        await cut.InvokeAsync(() => cut.Instance.DatabaseChoice = database);
        cut.Render();
        cut.WaitForAssertion(() => Assert.Contains("pg_checkpoint", cut.Markup)); // what runs, and the privilege it needs
        await cut.InvokeAsync(cut.Instance.SnapshotNowAsync);

        var request = Assert.Single(await AllRequestsAsync());
        var p = request.ParametersAs<VolumeSnapshotParameters>();
        Assert.Equal((SnapshotConsistency.DatabaseCheckpoint, database), (p.Consistency, p.DatabaseId));
        Assert.NotNull(field);
    }

    [Fact]
    public void TheHelperText_ForMySqlOrMariaDb_SaysItIsAFlushNotALock()
    {
        var text = CheckpointDatabaseField.HelperFor(new SnapshotDatabase(Guid.NewGuid(), "billing", DatabaseEngine.MariaDb, "FLUSH TABLES; FLUSH LOGS", null));

        Assert.Contains("FLUSH TABLES and FLUSH LOGS", text);
        Assert.Contains("a flush, not a lock", text);
        Assert.Contains("RELOAD", text);
    }
}
