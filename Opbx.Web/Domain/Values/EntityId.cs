using System.Security.Cryptography;

namespace Opbx.Domain.Values;

/// <summary>
/// New random ids (version 4 GUIDs) for the entities, drawn from a per-thread block of cryptographically random bytes.
/// Every entity sets its id when it is constructed, and EF Core constructs one for every row it reads, so this runs for
/// each row of every list: <see cref="Guid.NewGuid"/> asks the kernel for 16 bytes each time (a system call), this asks
/// once per 256 ids.
/// </summary>
public static class EntityId
{
    private const int Block = 16 * 256;
    [ThreadStatic] private static byte[]? _random;
    [ThreadStatic] private static int _next;

    public static Guid New()
    {
        var random = _random ??= new byte[Block];
        if (_next == 0) RandomNumberGenerator.Fill(random);
        Span<byte> bytes = stackalloc byte[16];
        random.AsSpan(_next, 16).CopyTo(bytes);
        random.AsSpan(_next, 16).Clear();
        _next = (_next + 16) % Block;
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (random), in Guid's little-endian field order
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }
}
