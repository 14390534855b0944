using Portal.Databases.Scripts;
using Portal.Databases.Specs;
using Portal.Domain.Databases;

namespace Portal.Databases.Tests.Unit;

/// <summary>Every kind of generated script leaves credentials to the environment: no password option, no
/// assignment of a password variable, no connection string with a password.</summary>
public sealed class NoSecretsTests
{
    public static TheoryData<string, string> Scripts()
    {
        var sha = new string('a', 64);
        var d = new ArtifactDirectory("/backup", "p");
        return new TheoryData<string, string>
        {
            { "pg_dump", PostgresScripts.Dump(new PostgresDumpSpec { ScheduleId = "n", Database = "db", Destination = d }).GetScriptOrThrow() },
            { "pg_dumpall", PostgresScripts.Dump(new PostgresDumpSpec { ScheduleId = "n", Tool = PostgresDumpTool.PgDumpAll, Format = PostgresDumpFormat.Plain, Destination = d }).GetScriptOrThrow() },
            { "pg restore", PostgresScripts.Restore(new PostgresRestoreSpec { MountPath = "/backup", Artifact = "p/n-20250101T000000Z.sql.gz", ExpectedSha256 = sha, TargetDatabase = "t" }).GetScriptOrThrow() },
            { "pg verify", PostgresScripts.Verify(new VerifySpec { MountPath = "/backup", Artifact = "p/n-20250101T000000Z.dump", Database = "t" }).GetScriptOrThrow() },
            { "mysqldump", MySqlScripts.Dump(new MySqlDumpSpec { ScheduleId = "n", Databases = ["db"], Destination = d }).GetScriptOrThrow() },
            { "mysql restore", MySqlScripts.Restore(new MySqlRestoreSpec { MountPath = "/backup", Artifact = "p/n-20250101T000000Z.mysql.sql.gz", ExpectedSha256 = sha, TargetDatabase = "t" }).GetScriptOrThrow() },
            { "mysql verify", MySqlScripts.Verify(new VerifySpec { Engine = DatabaseEngine.MySql, MountPath = "/backup", Artifact = "p/n-20250101T000000Z.mysql.sql", Database = "t" }).GetScriptOrThrow() },
        };
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Script_AnyKind_TakesCredentialsFromTheEnvironmentOnly(string kind, string script)
    {
        Assert.False(string.IsNullOrEmpty(kind));
        Assert.StartsWith("#!/bin/sh\n", script);
        Assert.Contains("set -eu", script);
        foreach (var forbidden in new[] { "--password", "PGPASSWORD=", "MYSQL_PWD=", "password=", "Password=" })
            Assert.DoesNotContain(forbidden, script);
        Assert.DoesNotMatch(@"\s-p\S", script);
        Assert.Matches(@"\$\{?(PGHOST|PGUSER|MYSQL_HOST|MYSQL_USER)", script);
    }
}
