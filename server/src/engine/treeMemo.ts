/**
 * A value computed once per syntax tree and text, for helpers that rules call once per
 * finding (fix planning): recomputing a file-wide value per finding makes a file with many
 * findings quadratic. The text check guards a tree edited in place for a new text.
 */
export class TreeMemo<T> {
  private readonly byTree = new WeakMap<object, { text: string; value: T }>();

  get(tree: object, text: string, compute: () => T): T {
    const cached = this.byTree.get(tree);
    if (cached && cached.text === text) return cached.value;
    const value = compute();
    this.byTree.set(tree, { text, value });
    return value;
  }
}
