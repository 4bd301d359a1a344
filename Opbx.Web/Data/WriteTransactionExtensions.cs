namespace Opbx.Data;

public static class WriteTransactionExtensions
{
    /// <summary>Opens a <see cref="WriteTransaction"/> (SQLite: <c>BEGIN IMMEDIATE</c>) on this context.</summary>
    public static Task<WriteTransaction> BeginWriteAsync(this OpbxDb db, CancellationToken ct = default) => WriteTransaction.BeginAsync(db, ct);
}
