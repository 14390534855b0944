using YamlDotNet.RepresentationModel;

namespace Portal.Deployment.Tests;

public sealed class DockerComposeTests
{
    /// <summary>What an operator's .env gives: the PostgreSQL password has no default, compose refuses to start without it.</summary>
    private const string Password = "a-test-password";

    private static readonly Lazy<YamlMappingNode> Config = new(() =>
    {
        var output = Tool.RunOk(new Dictionary<string, string?> { ["POSTGRES_PASSWORD"] = Password }, "docker-compose", "-f", "docker-compose.yml", "config");
        return Assert.Single(Yaml.Documents(output));
    });

    [Fact]
    public void Without_a_postgres_password_compose_refuses_saying_which_variable()
    {
        var result = Tool.Run("docker-compose", Tool.DefaultTimeout, new Dictionary<string, string?> { ["POSTGRES_PASSWORD"] = null },
            "-f", "docker-compose.yml", "config");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("POSTGRES_PASSWORD", result.StdErr + result.StdOut);
    }

    [Fact]
    public void The_postgres_password_is_the_one_given_and_no_fixed_one_is_left_in_the_file()
    {
        Assert.Equal(Password, Env(Service("postgres"), "POSTGRES_PASSWORD"));
        Assert.Contains($"Password={Password}", Env(Service("portal"), "Database__ConnectionString"));
        Assert.DoesNotContain("portal-dev-password", File.ReadAllText(RepoRoot.Combine("docker-compose.yml")));
    }

    private static YamlNode Service(string name) =>
        Config.Value.Get("services", name) ?? throw new Xunit.Sdk.XunitException(
            $"docker-compose.yml has no service '{name}'; services: {string.Join(", ", Config.Value.Keys("services"))}");

    /// <summary>depends_on is a list (short form) or a map of service to condition (long form).</summary>
    private static Dictionary<string, string?> DependsOn(YamlNode service) =>
        service.Get("depends_on") switch
        {
            YamlMappingNode map => map.Children.ToDictionary(
                kv => ((YamlScalarNode)kv.Key).Value!, kv => kv.Value.Str("condition")),
            YamlSequenceNode seq => seq.Children.OfType<YamlScalarNode>().ToDictionary(s => s.Value!, _ => (string?)null),
            _ => [],
        };

    private static string? Env(YamlNode service, string name) => service.Get("environment") switch
    {
        YamlMappingNode map => map.Str(name),
        YamlSequenceNode seq => seq.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "")
            .Where(s => s.StartsWith(name + "=", StringComparison.Ordinal))
            .Select(s => s[(name.Length + 1)..]).FirstOrDefault(),
        _ => null,
    };

    private static IEnumerable<string> Command(YamlNode service) => service.Get("command") switch
    {
        YamlSequenceNode seq => seq.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? ""),
        YamlScalarNode s => (s.Value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
        _ => [],
    };

    [Fact]
    public void Config_is_valid_and_names_the_three_services()
    {
        var services = Config.Value.Keys("services").ToList();

        Assert.Contains("postgres", services);
        Assert.Contains("portal", services);
        Assert.Contains("portal-migrate", services);
    }

    [Fact]
    public void Portal_waits_for_a_healthy_postgres_and_a_successful_migration()
    {
        var dependsOn = DependsOn(Service("portal"));

        Assert.True(dependsOn.ContainsKey("postgres"), "portal must depend on postgres");
        Assert.Equal("service_healthy", dependsOn["postgres"]);
        Assert.True(dependsOn.ContainsKey("portal-migrate"), "portal must depend on portal-migrate");
        Assert.Equal("service_completed_successfully", dependsOn["portal-migrate"]);
    }

    [Fact]
    public void Postgres_has_a_pg_isready_healthcheck_and_a_volume()
    {
        var postgres = Service("postgres");

        Assert.StartsWith("postgres:16", postgres.Str("image"));
        Assert.Contains(postgres.Strings("healthcheck", "test"), t => t.Contains("pg_isready", StringComparison.Ordinal));
        Assert.NotEmpty(postgres.Seq("volumes"));
    }

    [Fact]
    public void Migration_is_a_one_shot_run_of_the_portal_image_with_migrate()
    {
        var migrate = Service("portal-migrate");
        var portal = Service("portal");

        Assert.Contains("--migrate", Command(migrate));
        Assert.Equal(portal.Str("image"), migrate.Str("image"));
        Assert.Equal("service_healthy", DependsOn(migrate).GetValueOrDefault("postgres"));
        Assert.Equal("Postgres", Env(migrate, "Database__Provider"));
        Assert.Contains("Host=postgres", Env(migrate, "Database__ConnectionString"));
    }

    [Fact]
    public void Portal_is_built_from_the_repo_with_the_deploy_dockerfile_and_configured_for_postgres()
    {
        var portal = Service("portal");

        Assert.Equal("deploy/Dockerfile", portal.Str("build", "dockerfile"));
        Assert.Equal(RepoRoot.Path, Path.GetFullPath(portal.Str("build", "context") ?? "", RepoRoot.Path).TrimEnd('/'));
        Assert.Equal("Postgres", Env(portal, "Database__Provider"));
        Assert.Contains("Host=postgres", Env(portal, "Database__ConnectionString"));

        // The key ring is in the database, encrypted with a certificate given as a compose secret.
        Assert.Equal("/run/secrets/portal-keyring-cert", Env(portal, "DataProtection__Certificate__Path"));
        Assert.Equal("/run/secrets/portal-keyring-key", Env(portal, "DataProtection__Certificate__KeyPath"));
        Assert.Contains(portal.Seq("secrets"), s => s is YamlScalarNode { Value: "portal-keyring-cert" } || s.Str("source") == "portal-keyring-cert");

        Assert.Contains(portal.Seq("ports"), p =>
            p is YamlScalarNode s ? s.Value == "5080:8080" : p.Str("published") == "5080" && p.Str("target") == "8080");
        Assert.Equal("false", Env(portal, "Authentication__DevelopmentSignIn__Enabled"));
    }

    [Fact]
    public void Azure_ad_settings_come_from_the_environment_with_empty_defaults()
    {
        var portal = Service("portal");

        foreach (var key in new[] { "AzureAd__TenantId", "AzureAd__ClientId", "AzureAd__ClientSecret" })
        {
            Assert.NotNull(Env(portal, key));
        }

        var raw = File.ReadAllText(RepoRoot.Combine("docker-compose.yml"));
        Assert.Contains("${AZURE_TENANT_ID:-}", raw);
        Assert.Contains("${AZURE_CLIENT_ID:-}", raw);
        Assert.Contains("${AZURE_CLIENT_SECRET:-}", raw);
    }

    private static string? VolumeTarget(YamlNode volume) => volume switch
    {
        YamlScalarNode s => (s.Value ?? "").Split(':') is { Length: >= 2 } parts ? parts[1] : null,
        _ => volume.Str("target"),
    };
}
