using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Namespaces;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Protection;
using Portal.UnitTests.Security;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application.Namespaces;

/// <summary>The worst day: the namespace's cluster does not answer, and its backups are listed as the portal last saw them
/// there, so that one can be restored on another cluster.</summary>
public class ListNamespaceBackupsLastSeenTests
{
    private static readonly DateTimeOffset Seen = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private static async Task SeedObservedAsync(PortalTestHost host, WalkWorld w)
    {
        await using var db = await host.Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        db.ObservedBackups.Add(new ObservedBackup(w.ClusterId, "alpha-nightly", Seen)
        {
            TenantId = w.AlphaTenant, Phase = "Completed", IncludedNamespaces = ["alpha-ns"], StartedAt = Seen.AddHours(-1), StorageLocation = "shared",
        });
        db.ObservedBackups.Add(new ObservedBackup(w.ClusterId, "alpha-failed", Seen)
        {
            TenantId = w.AlphaTenant, Phase = "Failed", IncludedNamespaces = ["alpha-ns"], StartedAt = Seen.AddHours(-2),
        });
        db.ObservedBackups.Add(new ObservedBackup(w.ClusterId, "bravo-nightly", Seen)
        {
            TenantId = w.BravoTenant, Phase = "Completed", IncludedNamespaces = ["bravo-ns"], StartedAt = Seen.AddHours(-1),
        });
        await db.SaveChangesAsync();
    }

    private static Task<Result<IReadOnlyList<NamespaceBackupView>>> ListAsync(PortalTestHost host, Guid ns) =>
        host.RunAsync<ListNamespaceBackups, Result<IReadOnlyList<NamespaceBackupView>>>(u => u.HandleAsync(new ListNamespaceBackupsQuery(ns)));

    [Fact]
    public async Task ClusterDown_ListsTheNamespacesBackupsAsLastSeen_AndNoOneElses()
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        await SeedObservedAsync(host, world);
        host.Principal.Current = world.AlphaPeople[Persona.ApplicationOwner];
        host.Cluster.ListFailure = new ClusterAccessException(ClusterFault.Unreachable, "connection refused");

        var result = await ListAsync(host, world.AlphaNs);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(["alpha-nightly", "alpha-failed"], result.Value!.Select(b => b.Name));
        Assert.All(result.Value!, b => Assert.Equal(Seen, b.LastSeenAt));
        Assert.True(result.Value![0].Restorable);
        Assert.False(result.Value![1].Restorable);
    }

    [Fact]
    public async Task ClusterDown_WithNothingSeen_IsTheClustersErrorInWords()
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        host.Principal.Current = world.AlphaPeople[Persona.ApplicationOwner];
        host.Cluster.ListFailure = new ClusterAccessException(ClusterFault.Unreachable, "connection refused");

        var result = await ListAsync(host, world.AlphaNs);

        Assert.Equal(ErrorKind.Unavailable, result.Error!.Kind);
    }

    [Fact]
    public async Task ClusterRefusingTheCredential_IsAnError_NotALastSeenList()
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        await SeedObservedAsync(host, world);
        host.Principal.Current = world.AlphaPeople[Persona.ApplicationOwner];
        host.Cluster.ListFailure = new ClusterAccessException(ClusterFault.Unauthorized, "token expired");

        var result = await ListAsync(host, world.AlphaNs);

        Assert.Equal(ErrorKind.Unavailable, result.Error!.Kind);
    }
}
