using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Application.Features.Moves;
using Portal.Application.Security;

namespace Portal.Application;

public static class DependencyInjection
{
    /// <summary>Registers every use case (found through <see cref="IUseCase"/>) and the services they share.
    /// Scoped, because a use case works as the caller of its scope (a Blazor circuit, an executor item).</summary>
    public static IServiceCollection AddPortalApplication(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<PrincipalOverride>();
        services.AddSingleton<SecurityEvents>();
        services.AddSingleton<Features.Access.SessionCheck>();
        services.AddScoped<IAccessContextProvider, AccessContextProvider>();
        services.TryAddSingleton(new Features.Requests.Submit.RequestSubmissionOptions()); // the host may register its configured one first
        services.AddScoped<UseCaseServices>();
        services.AddSingleton<ClusterConnections>();
        services.AddScoped<Features.Clusters.Register.KubeconfigVetting>();
        services.AddScoped<MigrationInspector>();
        services.AddScoped<Features.Restores.GitOpsManagers>();
        services.AddScoped<Features.Restores.CrossClusterRestoreCheck>();
        services.AddScoped<Features.Moves.Recovery.RecoverySurvey>();
        services.AddScoped<Features.Moves.Recovery.GitOpsRecords>();
        services.AddScoped<Features.Protection.Snapshots.SnapshotRecords>();
        services.AddSingleton<Features.Protection.Status.NamespaceStatusReader>();
        services.AddSingleton<Features.Restores.Preview.RestorePreviewReader>(); // keeps recent previews while a user pages
        services.AddSingleton<Features.Storage.StorageInventoryReader>(); // one read of a cluster's storage per page visit
        foreach (var type in UseCaseTypes) services.AddScoped(type);
        return services;
    }

    public static IReadOnlyList<Type> UseCaseTypes { get; } = typeof(DependencyInjection).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IUseCase).IsAssignableFrom(t)).ToList();
}
