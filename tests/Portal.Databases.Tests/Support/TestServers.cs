namespace Portal.Databases.Tests.Support;

/// <summary>The throwaway servers tests/run-all.sh starts. Missing ones fail the test with what to do.</summary>
public static class TestServers
{
    public static string Postgres => Require("PORTAL_TEST_POSTGRES", "PostgreSQL");

    public static string MariaDb => Require("PORTAL_TEST_MARIADB", "MariaDB");

    private static string Require(string variable, string server) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set. Run the tests with `bash tests/run-all.sh`, which installs and starts a throwaway {server} " +
                $"and exports {variable}; or export it yourself (a connection string of a user that may create databases).");
}
