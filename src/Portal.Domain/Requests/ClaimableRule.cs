using System.Linq.Expressions;

namespace Portal.Domain.Requests;

/// <summary>Which requests the executor may claim, written once: queued, or running with no lease or a lease that has
/// expired (its executor died, or it was released until a retry time). The entity checks it in memory
/// (<see cref="OperationRequest.IsClaimable"/>), and the queue hands the same expression to the database.</summary>
public static class ClaimableRule
{
    private static readonly Expression<Func<OperationRequest, DateTimeOffset, bool>> Rule = (r, now) =>
        r.Status == RequestStatus.Queued
        || (r.Status == RequestStatus.Running && (r.LeaseExpiresAt == null || r.LeaseExpiresAt <= now));

    private static readonly Func<OperationRequest, DateTimeOffset, bool> Compiled = Rule.Compile();

    /// <summary>The rule in memory.</summary>
    public static bool Holds(OperationRequest request, DateTimeOffset now) => Compiled(request, now);

    /// <summary>The rule as a query predicate at <paramref name="now"/>; the time reaches the database as a parameter.</summary>
    public static Expression<Func<OperationRequest, bool>> At(DateTimeOffset now)
    {
        var holder = new NowHolder(now);
        var body = new Bind(Rule.Parameters[1], Expression.Field(Expression.Constant(holder), nameof(NowHolder.Now))).Visit(Rule.Body);
        return Expression.Lambda<Func<OperationRequest, bool>>(body, Rule.Parameters[0]);
    }

    // A closure-like holder: LINQ providers turn a field of a constant into a query parameter, as they do a captured variable.
    private sealed class NowHolder(DateTimeOffset now)
    {
        public readonly DateTimeOffset Now = now;
    }

    private sealed class Bind(ParameterExpression parameter, Expression value) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? value : node;
    }
}
