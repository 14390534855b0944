namespace Portal.Databases.Scripts;

/// <summary>
/// How the two containers of an S3 pod share one outcome. Kubernetes reads a termination message per container,
/// and a failed init container would stop the pod before the main container runs; so the init container always
/// ends with 0 and leaves its one-line JSON result in a file on the shared volume, and the main container, which
/// always ends last, is the one whose termination message the portal reads (as with a PVC pod's single container).
/// </summary>
internal static class HandOver
{
    /// <summary>Beside the artifacts on the pod's emptyDir (never in S3: only the artifact is uploaded).</summary>
    public const string FileName = ".portal-result.json";

    public static string PathIn(string mountPath) => mountPath.TrimEnd('/') + "/" + FileName;

    /// <summary>
    /// <c>sh -c HandOffScript name script</c>: runs <c>script</c> (whose <c>$TERMINATION_LOG</c> is the hand-over file)
    /// and ends with 0 whatever it did. The script runs as a child, not as PID 1, so the Job deadline's SIGTERM is
    /// passed on to it: PID 1 would ignore it, and the script's own TERM trap would never run.
    /// </summary>
    public const string HandOffScript = """
        # Portal.Databases: runs the script in "$1"; its result (or its failure) is in $TERMINATION_LOG for the
        # main container, which reports it. This container always ends with 0 so that the main container runs.
        /bin/sh -c "$1" "$0" &
        child=$!
        trap 'kill -TERM "$child" 2>/dev/null' TERM INT HUP
        wait "$child" || wait "$child" || true
        exit 0
        """;

    /// <summary>
    /// <c>sh -c GateScript name handOverFile script</c>: when the init container left a (failure) result, that is this
    /// container's message and nothing runs; otherwise <c>script</c> replaces the shell (PID 1, as in a PVC pod).
    /// </summary>
    public const string GateScript = """
        # Portal.Databases: a download that failed left its result in "$1" instead of the artifact.
        if [ -e "$1" ]; then
          cat "$1" > "${TERMINATION_LOG:-/dev/termination-log}"
          cat "$1"
          code=$(tail -n 1 "$1" | sed -n 's/.*"exitCode":\([0-9][0-9]*\).*/\1/p')
          [ "${code:-0}" -gt 0 ] && [ "$code" -le 255 ] || code=1
          exit "$code"
        fi
        exec /bin/sh -c "$2" "$0"
        """;
}
