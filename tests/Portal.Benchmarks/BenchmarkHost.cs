using System.Reflection;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;
using MudBlazor.Services;
using Portal.Application;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Infrastructure;

namespace Portal.Benchmarks;

/// <summary>The portal's real application, persistence and Blazor components on one database, as a bUnit context
/// (the page renders exactly as in a circuit). Every cluster port fails on any call: the status must come from the
/// database alone.</summary>
public sealed class BenchmarkHost : BunitContext
{
    public BenchmarkHost(DatabaseOptions database)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        // PORTAL_BENCH_SQL=1 prints every SQL command with its time (to find where a use case spends it).
        Services.AddLogging(b =>
        {
            if (Environment.GetEnvironmentVariable("PORTAL_BENCH_SQL") is null) return;
            b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Warning)
                .AddFilter("Microsoft.EntityFrameworkCore.Database.Command", Microsoft.Extensions.Logging.LogLevel.Information);
        });
        Services.AddPortalApplication();
        Services.AddPortalInfrastructure(database);
        Services.AddSingleton<ICurrentPrincipalProvider>(Principal);
        Services.AddSingleton(ClusterPort.Create<IClusterGateway>());
        Services.AddSingleton(ClusterPort.Create<IDatabaseWorkloadGateway>());
        Services.AddSingleton(ClusterPort.Create<IMigrationClusterGateway>());
        Services.AddSingleton(ClusterPort.Create<IProtectionGateway>());
        Services.AddSingleton<IRequestStatusNotifier, QuietRequestNotifier>();
        Services.AddSingleton<IProtectionStatusNotifier, QuietProtectionNotifier>();
    }

    public Principal Principal { get; } = new();

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();
}

public sealed class Principal : ICurrentPrincipalProvider
{
    public CurrentPrincipal Current { get; set; } = CurrentPrincipal.Anonymous;

    public Task<CurrentPrincipal> GetAsync(CancellationToken ct = default) => Task.FromResult(Current);
}

/// <summary>Nothing changes while the benchmark runs.</summary>
public sealed class QuietRequestNotifier : IRequestStatusNotifier
{
    public void Notify(RequestChange change) { }

    public IDisposable Subscribe(RequestChangeFilter filter, Func<Task> onChanged) => new QuietProtectionNotifier().Subscribe(_ => false, onChanged);
}

/// <summary>Nothing changes while the benchmark runs.</summary>
public sealed class QuietProtectionNotifier : IProtectionStatusNotifier
{
    public void Notify(ProtectionChange change) { }

    public IDisposable Subscribe(Func<ProtectionChange, bool> wants, Func<Task> onChanged) => new Nothing();

    private sealed class Nothing : IDisposable { public void Dispose() { } }
}

public class ClusterPort : DispatchProxy
{
    public static T Create<T>() where T : class => Create<T, ClusterPort>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        throw new InvalidOperationException($"Opening the compliance view called the cluster ({targetMethod?.Name}).");
}
