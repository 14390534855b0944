namespace Portal.Deployment.Tests;

/// <summary>
/// tests/test-servers.sh starts the throwaway PostgreSQL and MariaDB that tests/run-all.sh needs. A newcomer
/// clones into a folder only its owner may enter (root's home, mode 700, or any `mktemp -d`); as root the servers
/// run as the `postgres` and `mysql` users, who cannot enter such a folder. This test sources the script from
/// exactly such a folder, starts both servers, asks each a question over TCP, stops them and checks that nothing
/// is left behind.
/// </summary>
public sealed class TestServersScriptTests
{
    [Fact]
    public void StartsBothServers_FromAFolderOnlyItsOwnerMayEnter_AndRemovesTheirFolder()
    {
        var owned = Directory.CreateTempSubdirectory("portal-checkout-");
        try
        {
            if (OperatingSystem.IsLinux())
                File.SetUnixFileMode(owned.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.Copy(RepoRoot.Combine("tests", "test-servers.sh"), Path.Combine(owned.FullName, "test-servers.sh"));

            // Private port ranges of their own, so a run-all.sh in progress on this machine is not disturbed.
            var script = $$"""
                set -u
                cd '{{owned.FullName}}'
                export PORTAL_TEST_PGPORT=56432 PORTAL_TEST_MYPORT=54306
                . ./test-servers.sh
                servers_start
                echo "dir=$SERVERS_DIR"
                echo "pg=${PORTAL_TEST_POSTGRES:-}"
                echo "my=${PORTAL_TEST_MARIADB:-}"
                port() { sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$1"; }
                PGPASSWORD=postgres psql -h 127.0.0.1 -p "$(port "${PORTAL_TEST_POSTGRES:-Port=0}")" -U postgres -tAc 'SELECT 40 + 2' && echo pg-answered
                mariadb --no-defaults -h 127.0.0.1 -P "$(port "${PORTAL_TEST_MARIADB:-Port=0}")" -u portal -pportal -N -e 'SELECT 6 * 7' && echo my-answered
                servers_stop
                """;
            var result = Tool.Run("bash", TimeSpan.FromSeconds(180), "-c", script);
            var output = result.StdOut + result.StdErr;

            Assert.DoesNotContain("Permission denied", output);
            Assert.Contains("pg-answered", result.StdOut);
            Assert.Contains("my-answered", result.StdOut);
            var dir = result.StdOut.Split('\n').Single(l => l.StartsWith("dir=", StringComparison.Ordinal))[4..];
            Assert.False(Directory.Exists(dir), $"servers_stop left {dir} behind.\n{output}");
        }
        finally
        {
            owned.Delete(recursive: true);
        }
    }
}
