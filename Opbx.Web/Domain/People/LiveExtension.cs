using System.Linq.Expressions;
using System.Reflection;
using Opbx.Domain.Organizations;

namespace Opbx.Domain.People;

/// <summary>
/// Whether a member's extension registers and rings: the member has one, the membership and the account are active, and
/// so is the organization (a suspended organization's phones are all off). Written once, here: the users list, the
/// member's home and anything else that says "live" use this condition, in SQL through <see cref="Inline{T}"/>.
/// </summary>
public static class LiveExtension
{
    public static readonly Expression<Func<Membership, bool>> Condition = m => m.Extension != null && m.Status == MembershipStatus.Active
        && m.Account!.IsActive && m.Organization!.Status == OrganizationStatus.Active;

    private static readonly Func<Membership, bool> Compiled = Condition.Compile();
    private static readonly MethodInfo OfMethod = typeof(LiveExtension).GetMethod(nameof(Of))!;

    /// <summary>The condition on a membership in memory (its extension, account and organization loaded); in a query, see <see cref="Inline{T}"/>.</summary>
    public static bool Of(Membership m) => Compiled(m);

    /// <summary>
    /// <paramref name="projection"/> with each <see cref="Of"/> call replaced by <see cref="Condition"/> on that membership,
    /// so EF Core translates it into the query instead of failing on a method it does not know.
    /// </summary>
    public static Expression<Func<Membership, T>> Inline<T>(Expression<Func<Membership, T>> projection) =>
        (Expression<Func<Membership, T>>)new Inliner().Visit(projection);

    private sealed class Inliner : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node) => node.Method == OfMethod
            ? new Replace(Condition.Parameters[0], Visit(node.Arguments[0])).Visit(Condition.Body)
            : base.VisitMethodCall(node);
    }

    private sealed class Replace(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
