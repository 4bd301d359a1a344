using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Opbx.Data;

/// <summary>
/// A query EF Core compiles once, instead of walking and hashing its expression tree on every execution to find its
/// cached SQL (for a large statement that is a good part of a page's CPU). EF Core ties a compiled query to the model it
/// first ran with, and one process may hold more than one model (each test app; a test's own options), so there is one
/// compilation per model.
/// </summary>
public sealed class CompiledQuery<TArgument, TRow>(Expression<Func<OpbxDb, TArgument, IQueryable<TRow>>> query)
{
    private readonly ConditionalWeakTable<IModel, Func<OpbxDb, TArgument, IAsyncEnumerable<TRow>>> _byModel = new();

    public IAsyncEnumerable<TRow> Run(OpbxDb db, TArgument argument)
    {
        if (!_byModel.TryGetValue(db.Model, out var compiled))
        {
            compiled = EF.CompileAsyncQuery(query);
            _byModel.AddOrUpdate(db.Model, compiled);
        }
        return compiled(db, argument);
    }
}
