using Portal.Domain.Common;
using Portal.Domain.Protection;

namespace Portal.UnitTests.Domain;

/// <summary>What a protection policy may hold: every rule refuses in words, none changes what was given.</summary>
public class ProtectionPolicyRulesTests
{
    private static ProtectionPolicySettings Settings(TimeSpan? retention = null, TimeSpan? rpo = null, IReadOnlyList<string>? excluded = null,
        IReadOnlyList<BackupHook>? hooks = null, string? description = null, VolumeProtection volumes = VolumeProtection.CsiSnapshots) =>
        new("0 * * * *", "Europe/Berlin", retention ?? TimeSpan.FromDays(7), rpo ?? TimeSpan.FromHours(2), volumes, null,
            excluded ?? [], hooks ?? [], description);

    private static BackupHook Hook(string name = "freeze", string? selector = "app=shop-db") =>
        new(name, HookPhase.Pre, selector, "postgres", ["/bin/sh", "-c", "psql -c 'CHECKPOINT'"], HookOnError.Fail, TimeSpan.FromMinutes(5));

    [Fact]
    public void Problem_GoldPolicy_IsFine() =>
        Assert.Null(Settings(excluded: ["events", "events.events.k8s.io"], hooks: [Hook()]).Problem());

    [Fact]
    public void Problem_RetentionShorterThanRpo_IsRefused() =>
        Assert.Contains("at least as long as the target RPO", Settings(retention: TimeSpan.FromHours(6), rpo: TimeSpan.FromHours(26)).Problem());

    [Fact]
    public void Problem_RetentionUnderAnHour_IsRefused() =>
        Assert.Equal("Keep backups at least an hour.", Settings(retention: TimeSpan.FromMinutes(30), rpo: TimeSpan.FromMinutes(10)).Problem());

    [Fact]
    public void Problem_RpoUnderFiveMinutes_IsRefused() =>
        Assert.Contains("at least 5 minutes", Settings(rpo: TimeSpan.FromMinutes(1)).Problem());

    [Fact]
    public void Problem_ResourceLeftOutTwice_IsRefused() =>
        Assert.Contains("secrets is left out twice", Settings(excluded: ["secrets", " secrets"]).Problem());

    [Fact]
    public void Problem_DescriptionTooLong_SaysHowLong() =>
        Assert.Contains("it has 501", Settings(description: new string('d', 501)).Problem());

    [Theory]
    [InlineData("app=shop db", "label value 'shop db'")]
    [InlineData("app.kubernetes.io/na me=x", "label key 'app.kubernetes.io/na me'")]
    [InlineData("Example.COM/app=x", "label key prefix 'Example.COM'")]
    [InlineData("app=a,app=b", "names app twice")]
    [InlineData("app", "is not key=value")]
    public void Problem_BadPodSelector_IsRefusedNamingTheHook(string selector, string expected)
    {
        var problem = Settings(hooks: [Hook(selector: selector)]).Problem();
        Assert.NotNull(problem);
        Assert.StartsWith("Hook freeze: ", problem);
        Assert.Contains(expected, problem);
    }

    [Theory]
    [InlineData("app.kubernetes.io/name=shop-db,tier=db_1")]
    [InlineData("")]
    [InlineData("app=")] // an empty value is a value
    public void Problem_GoodPodSelector_IsFine(string selector) => Assert.Null(Settings(hooks: [Hook(selector: selector)]).Problem());

    [Fact]
    public void Problem_TwoHooksOfOneName_IsRefused() =>
        Assert.Equal("Give each hook its own name.", Settings(hooks: [Hook(), Hook()]).Problem());

    [Fact]
    public void Constructor_SettingsWithAProblem_Throws() =>
        Assert.Throws<DomainException>(() => new ProtectionPolicy("gold", ProtectionTarget.Namespace,
            Settings(retention: TimeSpan.FromHours(1), rpo: TimeSpan.FromHours(2)), "me", DateTimeOffset.UtcNow));

    [Fact]
    public void Meets_BetterOnEveryCount_MeetsAndShortOfSaysWhy()
    {
        var now = DateTimeOffset.UtcNow;
        var gold = new ProtectionPolicy("gold", ProtectionTarget.Namespace, Settings(volumes: VolumeProtection.CsiSnapshotsMovedToObjectStorage), "me", now);
        var bronze = new ProtectionPolicy("bronze", ProtectionTarget.Namespace,
            Settings(retention: TimeSpan.FromDays(30), rpo: TimeSpan.FromHours(26), volumes: VolumeProtection.FileSystemBackup), "me", now);

        Assert.True(gold.Meets(gold));
        Assert.False(bronze.Meets(gold));
        Assert.Contains("its RPO is 26 hours (at most 2 hours needed)", bronze.ShortOf(gold));
        Assert.False(gold.Meets(bronze)); // gold keeps 7 days, bronze 30
        Assert.Contains("it keeps backups", gold.ShortOf(bronze));
    }
}
