using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Opbx.Domain.Calls;

/// <summary>Call records stay when a member is deleted, without their name, e-mail or link, on the caller's and the callee's side.</summary>
public static class CallRecordNames
{
    /// <summary>Clears the member's details from every record where <paramref name="member"/> matches the caller or the callee; returns the records touched.</summary>
    public static async Task<int> ForgetAsync(IQueryable<CallRecord> records, Expression<Func<Guid?, bool>> member, CancellationToken ct)
    {
        var isCaller = Compose(member, c => c.MembershipId);
        var isCallee = Compose(member, c => c.CalleeMembershipId);
        var touched = await records.Where(Expression.Lambda<Func<CallRecord, bool>>(
            Expression.OrElse(isCaller.Body, new Replace(isCallee.Parameters[0], isCaller.Parameters[0]).Visit(isCallee.Body)), isCaller.Parameters)).CountAsync(ct);
        await records.Where(isCaller).ExecuteUpdateAsync(s => s.SetProperty(c => c.CallerName, (string?)null)
            .SetProperty(c => c.CallerEmail, (string?)null).SetProperty(c => c.MembershipId, (Guid?)null), ct);
        await records.Where(isCallee).ExecuteUpdateAsync(s => s.SetProperty(c => c.CalleeName, (string?)null)
            .SetProperty(c => c.CalleeMembershipId, (Guid?)null), ct);
        return touched;
    }

    private static Expression<Func<CallRecord, bool>> Compose(Expression<Func<Guid?, bool>> member, Expression<Func<CallRecord, Guid?>> side)
    {
        var record = side.Parameters[0];
        var body = new Replace(member.Parameters[0], side.Body).Visit(member.Body);
        return Expression.Lambda<Func<CallRecord, bool>>(body, record);
    }

    private sealed class Replace(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
