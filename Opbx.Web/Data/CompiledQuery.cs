using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Opbx.Data;

/// <summary>
/// A query EF Core compiles once, instead of walking and hashing its expression tree on every execution to find its
/// cached SQL (for a large statement that is a good part of a page's CPU). EF Core ties a compiled query to the model it
/// first ran with, and one process may hold more than one model (each test app; a test's own options), so there is one
/// compilation per model. Its arguments are plain values: EF Core cannot read a member of a compiled query's argument,
/// so a statement with several takes the two- or three-argument form below (and one with none, the form without).
/// </summary>
public sealed class CompiledQuery<TArgument, TRow>(Expression<Func<OpbxDb, TArgument, IQueryable<TRow>>> query)
{
    private readonly PerModel<Func<OpbxDb, TArgument, IAsyncEnumerable<TRow>>> _compiled = new(() => EF.CompileAsyncQuery(query));

    public IAsyncEnumerable<TRow> Run(OpbxDb db, TArgument argument) => _compiled.For(db)(db, argument);
}

/// <summary>A <see cref="CompiledQuery{TArgument, TRow}"/> of no argument.</summary>
public sealed class CompiledQuery<TRow>(Expression<Func<OpbxDb, IQueryable<TRow>>> query)
{
    private readonly PerModel<Func<OpbxDb, IAsyncEnumerable<TRow>>> _compiled = new(() => EF.CompileAsyncQuery(query));

    public IAsyncEnumerable<TRow> Run(OpbxDb db) => _compiled.For(db)(db);
}

/// <summary>A <see cref="CompiledQuery{TArgument, TRow}"/> of two arguments.</summary>
public sealed class CompiledQuery<T1, T2, TRow>(Expression<Func<OpbxDb, T1, T2, IQueryable<TRow>>> query)
{
    private readonly PerModel<Func<OpbxDb, T1, T2, IAsyncEnumerable<TRow>>> _compiled = new(() => EF.CompileAsyncQuery(query));

    public IAsyncEnumerable<TRow> Run(OpbxDb db, T1 first, T2 second) => _compiled.For(db)(db, first, second);
}

/// <summary>A <see cref="CompiledQuery{TArgument, TRow}"/> of three arguments.</summary>
public sealed class CompiledQuery<T1, T2, T3, TRow>(Expression<Func<OpbxDb, T1, T2, T3, IQueryable<TRow>>> query)
{
    private readonly PerModel<Func<OpbxDb, T1, T2, T3, IAsyncEnumerable<TRow>>> _compiled = new(() => EF.CompileAsyncQuery(query));

    public IAsyncEnumerable<TRow> Run(OpbxDb db, T1 first, T2 second, T3 third) => _compiled.For(db)(db, first, second, third);
}

/// <summary>One compilation per model.</summary>
internal sealed class PerModel<TCompiled>(Func<TCompiled> compile) where TCompiled : class
{
    private readonly ConditionalWeakTable<IModel, TCompiled> _byModel = new();
    private readonly ConditionalWeakTable<IModel, TCompiled>.CreateValueCallback _compile = _ => compile();

    public TCompiled For(OpbxDb db) => _byModel.GetValue(db.Model, _compile);
}
