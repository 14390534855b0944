using Microsoft.Data.Sqlite;
using MudBlazor.Services;
using Portal.Application;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Execution;
using Portal.Infrastructure;
using Portal.Infrastructure.Security;
using Portal.Kubernetes;
using Portal.Web.Authentication;
using Portal.Web.Notifications;

namespace Portal.Web.Hosting;

public static class PortalServices
{
    /// <summary>The repository's appsettings.json is the base configuration; environment files, variables
    /// and the command line still override it.</summary>
    public static void AddPortalConfiguration(this WebApplicationBuilder builder)
    {
        var candidates = new[]
        {
            Path.Combine(AppContext.BaseDirectory, "appsettings.json"),
            Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, "..", "..", "appsettings.json")),
        };
        var file = candidates.FirstOrDefault(File.Exists);
        if (file is not null)
            builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
            {
                Path = Path.GetFileName(file), Optional = true, ReloadOnChange = false,
                FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Path.GetDirectoryName(file)!),
            });
    }

    /// <summary>Composes every layer. Each project registers itself; this only decides with what.</summary>
    public static void AddPortalServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        var db = config.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (!db.IsPostgres) db.ConnectionString = AnchorSqlitePath(db.ConnectionString, builder.Environment.ContentRootPath);
        // The key ring lives in the database, encrypted with a certificate from outside it (KeyRingCertificates).
        // The label domain of every object the portal makes on a cluster (PortalLabels): a deployment sets one it owns.
        // An invalid one stops the start with the reason.
        if (config["Portal:LabelDomain"] is { Length: > 0 } labelDomain) Portal.Domain.Common.PortalLabels.UseDomain(labelDomain);
        var (keyRingCert, previousCerts) = KeyRingCertificates.Load(config, builder.Environment, DevelopmentDataFolder(db, builder.Environment.ContentRootPath));

        services.AddSingleton(config.GetSection(Portal.Application.Features.Requests.Submit.RequestSubmissionOptions.Section)
            .Get<Portal.Application.Features.Requests.Submit.RequestSubmissionOptions>() ?? new());
        services.AddPortalApplication();
        services.AddPortalInfrastructure(db);
        services.AddPortalKeyRing(db, keyRingCert, previousCerts);
        services.AddPortalKubernetes();
        services.AddPortalExecution(config);

        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentPrincipalProvider, BlazorPrincipalProvider>();
        services.AddSingleton<IRequestStatusNotifier, RequestStatusNotifier>();
        services.AddSingleton<SimulatedClusterHost>();
        services.AddSingleton<DemoKubeconfigFiles>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<DemoProtectionSeeder>();
        services.AddScoped<DemoDrillSeeder>();
        services.AddScoped<DemoSnapshotSeeder>();
        services.AddScoped<DemoMigrationSeeder>();
        services.AddHostedService<DemoEnvironment>();
        // SignalR's default of 32 KB per message silently lost longer typed text (a long reason, a pasted kubeconfig):
        // the limit now fits the largest field a user may type (InputLimits); larger files stream through uploads.
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(o => o.MaximumReceiveMessageSize = Portal.Application.Common.InputLimits.MaxCircuitMessageBytes);
        services.AddMudServices();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        Portal.Api.ApiSetup.AddPortalApi(builder); // the REST API's token schemes, rate limits and OpenAPI document
    }

    /// <summary>Next to the embedded database (or the content root's data folder on PostgreSQL).</summary>
    private static string DevelopmentDataFolder(DatabaseOptions db, string contentRoot)
    {
        if (db.IsPostgres) return Path.Combine(contentRoot, "data");
        var source = new SqliteConnectionStringBuilder(db.ConnectionString).DataSource;
        return source == ":memory:" || source.StartsWith("file:") ? Path.Combine(contentRoot, "data") : Path.GetDirectoryName(Path.GetFullPath(source))!;
    }

    /// <summary>A relative SQLite path is taken from the content root, not the shell's folder, so the
    /// embedded database is always the same file.</summary>
    private static string AnchorSqlitePath(string connectionString, string contentRoot)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (csb.DataSource != ":memory:" && !csb.DataSource.StartsWith("file:") && !Path.IsPathRooted(csb.DataSource))
            csb.DataSource = Path.Combine(contentRoot, csb.DataSource);
        return csb.ToString();
    }
}
