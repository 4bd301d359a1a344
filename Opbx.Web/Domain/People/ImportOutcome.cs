namespace Opbx.Domain.People;

public enum ImportOutcome { Create, Update, Unchanged, Error }
