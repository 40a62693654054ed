/**
 * A sum tree (and a min tree) over `capacity` leaves: O(log n) updates, prefix-sum search and
 * minimum, the data structure of prioritized experience replay (Schaul et al., 2016).
 */
export class SumTree {
  readonly capacity: number;
  private readonly size: number; // leaves, a power of two
  private readonly sums: Float64Array;
  private readonly mins: Float64Array;

  constructor(capacity: number) {
    this.capacity = capacity;
    let size = 1;
    while (size < capacity) size *= 2;
    this.size = size;
    this.sums = new Float64Array(2 * size);
    this.mins = new Float64Array(2 * size).fill(Infinity);
  }

  get total(): number {
    return this.sums[1] as number;
  }

  get min(): number {
    return this.mins[1] as number;
  }

  get(i: number): number {
    return this.sums[this.size + i] as number;
  }

  set(i: number, value: number): void {
    let node = this.size + i;
    this.sums[node] = value;
    this.mins[node] = value;
    node >>= 1;
    while (node >= 1) {
      this.sums[node] = (this.sums[2 * node] as number) + (this.sums[2 * node + 1] as number);
      this.mins[node] = Math.min(this.mins[2 * node] as number, this.mins[2 * node + 1] as number);
      node >>= 1;
    }
  }

  /** The leaf i such that the sum of leaves before i is <= mass < that sum plus leaf i. */
  find(mass: number): number {
    let node = 1;
    while (node < this.size) {
      const left = this.sums[2 * node] as number;
      if (mass < left) node = 2 * node;
      else {
        mass -= left;
        node = 2 * node + 1;
      }
    }
    return Math.min(node - this.size, this.capacity - 1);
  }

  leaves(): Float64Array {
    return this.sums.slice(this.size, this.size + this.capacity);
  }

  loadLeaves(values: ArrayLike<number>): void {
    for (let i = 0; i < this.capacity; i++) this.set(i, values[i] as number);
  }
}
