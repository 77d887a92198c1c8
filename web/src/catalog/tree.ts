// The category tree from the flat list the API returns (parentId links).

export interface CategoryLike {
  id: string;
  name: string;
  parentId?: string | null;
}

export interface CategoryNode {
  /** antd Tree / TreeSelect fields */
  key: string;
  value: string;
  title: string;
  children: CategoryNode[];
  category: CategoryLike;
}

/**
 * Roots are categories without a parent, or whose parent is unknown, or that
 * sit on a parent cycle (so that no category is lost). Siblings are sorted by
 * name, then id.
 */
export function buildCategoryTree(categories: readonly CategoryLike[]): CategoryNode[] {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const nodes = new Map<string, CategoryNode>(
    categories.map((c) => [c.id, { key: c.id, value: c.id, title: c.name, children: [], category: c }]),
  );
  const roots: CategoryNode[] = [];
  for (const c of byId.values()) {
    const node = nodes.get(c.id)!;
    const parent = c.parentId ? nodes.get(c.parentId) : undefined;
    if (!parent || onCycle(c.id, byId)) roots.push(node);
    else parent.children.push(node);
  }
  const sort = (xs: CategoryNode[]) => {
    xs.sort((a, b) => a.title.localeCompare(b.title) || a.key.localeCompare(b.key));
    xs.forEach((x) => sort(x.children));
  };
  sort(roots);
  return roots;
}

function onCycle(id: string, byId: Map<string, CategoryLike>): boolean {
  const seen = new Set<string>([id]);
  let cur = byId.get(id)?.parentId;
  while (cur && byId.has(cur)) {
    if (seen.has(cur)) return cur === id;
    seen.add(cur);
    cur = byId.get(cur)!.parentId;
  }
  return false;
}

/** "Root / Child / Leaf" for a category id; the id itself when unknown. */
export function categoryPath(id: string, byId: ReadonlyMap<string, CategoryLike>): string {
  const names: string[] = [];
  const seen = new Set<string>();
  let cur: string | null | undefined = id;
  while (cur && byId.has(cur) && !seen.has(cur)) {
    seen.add(cur);
    const c: CategoryLike = byId.get(cur)!;
    names.unshift(c.name);
    cur = c.parentId;
  }
  return names.length ? names.join(' / ') : id;
}
