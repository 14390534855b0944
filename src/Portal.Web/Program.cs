using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Portal.Infrastructure.Persistence;
using Portal.Web.Authentication;
using Portal.Web.Hosting;

// `dotnet run` defaults to Development; an explicit ASPNETCORE_ENVIRONMENT or --environment wins (HostEnvironmentDefault).
var builder = WebApplication.CreateBuilder(HostEnvironmentDefault.Options(args));
builder.AddPortalConfiguration();
builder.AddPortalServices();
var signIn = builder.AddPortalAuthentication();
builder.AddPortalSecurityHeaders();
builder.AddPortalResponseCompression(); // pages and API answers; static assets come pre-compressed
builder.AddPortalTelemetry(); // OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; Prometheus when Telemetry:Prometheus:Enabled

var app = builder.Build();

// `--migrate`: apply the schema and exit (the deploy/ migration Job and the compose one-shot use it).
var migrator = app.Services.GetRequiredService<IDatabaseMigrator>();
if (args.Contains("--migrate"))
{
    await migrator.MigrateAsync();
    app.Logger.LogInformation("Database migrated.");
    return;
}
// The embedded default migrates itself on start; production does it once, from the migration Job.
if (app.Configuration.GetValue("Database:MigrateOnStart", !app.Configuration.GetValue<string>("Database:Provider")!.StartsWith("Postgres", StringComparison.OrdinalIgnoreCase)))
    await migrator.MigrateAsync();

app.UsePortalSecurityHeaders(); // first: it also reads the forwarded scheme, which decides HTTPS for compression
app.UseResponseCompression();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
    app.UseHsts();
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

// Stylesheets and scripts hold nothing of anyone's: the sign-in page, seen signed out, needs them (the fallback policy asks
// every other endpoint for a signed-in user).
app.MapStaticAssets().AllowAnonymous();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
app.MapPortalAuthenticationEndpoints(signIn);
Portal.Web.Endpoints.DrillEvidenceEndpoints.MapDrillEvidenceEndpoints(app);
Portal.Api.ApiSetup.MapPortalApi(app); // /api/v1: bearer tokens only, the UI's use cases (src/Portal.Api)
app.MapRazorComponents<Portal.Web.Components.App>().AddInteractiveServerRenderMode();

app.Run();

public partial class Program;
