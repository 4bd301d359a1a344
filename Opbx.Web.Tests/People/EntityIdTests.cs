namespace Opbx.Tests.People;

public sealed class EntityIdTests
{
    [Fact]
    public void Ids_are_random_version_4_guids_and_never_repeat_across_blocks_and_threads()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        // Two threads, each past several of its 256-id blocks.
        Parallel.For(0, 2, _ => { for (var i = 0; i < 2_000; i++) ids.Add(EntityId.New()); });
        Assert.Equal(4_000, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(4, id.Version));
        Assert.All(ids, id => Assert.Equal(0b10, id.Variant >> 2));
        Assert.DoesNotContain(Guid.Empty, ids);
    }

    [Fact]
    public void A_new_entity_gets_its_own_id()
    {
        Assert.NotEqual(new Organization { Name = "A", Slug = "a" }.Id, new Organization { Name = "A", Slug = "a" }.Id);
        Assert.NotEqual(new Account().SecurityStamp, new Account().SecurityStamp);
    }
}
