import { ForkscopeError } from '../../../shared/result';
import { checkOrphan, checkDaemon, checkTerminate, checkZombie } from './checks/lifecycle';
import { checkJoin, checkProcessClass, checkSeparate, checkStartOrder } from './checks/processes';
import { checkJoinableQueue, checkPipe, checkProducerConsumer, checkQueueBasics } from './checks/communication';
import { checkLock, checkPool, checkSharedState } from './checks/sharing';
import type { LessonCheck, LessonEngine, LessonLanguage } from './types';

export interface LessonText {
  title: string;
  explanation: string;
}

/** One run of a lesson's program; most lessons have one, a lesson with a wrong version that blocks has two. */
export interface LessonRun {
  id: string;
  /** Arguments after the file: which version to run. */
  args: readonly string[];
  /** This version never ends by itself: it is stopped after `timeoutMs`, and that is what it shows. */
  blocks?: boolean;
  /**
   * At time scale 1: for a version that blocks, how long to let it show itself; for one that
   * ends, a generous bound. The runner scales it and adds time for the interpreter to start.
   */
  timeoutMs: number;
}

export interface Lesson {
  number: number;
  /** The name used everywhere: `forkscope lesson run NAME`. */
  name: string;
  text: Record<LessonLanguage, LessonText>;
  /** File names under resources/lessons/<engine>/; a lesson with no node file is Python only. */
  files: { python: string; node?: string };
  runs: readonly LessonRun[];
  /**
   * The smallest time scale at which the sampler (a reading every 100 ms) still sees what the
   * check needs; a faster scale asked for is raised to this.
   */
  minTimeScale?: number;
  /** Run the python version under Forkscope's probe: what multiprocessing counted is evidence too. */
  probe?: boolean;
  /** Judges what the engine observed (and the program marked); see checks/. */
  check: LessonCheck;
}

const main = (timeoutMs: number): LessonRun[] => [{ id: 'main', args: [], timeoutMs }];

/** The fifteen lessons, in teaching order. */
export const LESSONS: readonly Lesson[] = [
  {
    number: 1,
    name: 'separate',
    text: {
      en: {
        title: 'Processes are separate',
        explanation:
          "Every process has its own pid, a parent (ppid) and its own copy of memory. The child changes a global variable; the parent's copy stays the same.",
      },
      'zh-CN': {
        title: '进程彼此独立',
        explanation: '每个进程都有自己的 pid、父进程（ppid）和一份独立的内存。子进程修改了全局变量，父进程里的那份保持不变。',
      },
    },
    files: { python: 'separate.py', node: 'separate.js' },
    runs: main(20_000),
    check: checkSeparate,
  },
  {
    number: 2,
    name: 'start-order',
    text: {
      en: {
        title: 'Start order is not code order',
        explanation:
          "A loop starts ten children, but the scheduler decides when each one runs: they print in an order nobody chose, and the parent's next line usually comes first.",
      },
      'zh-CN': {
        title: '启动顺序不等于代码顺序',
        explanation: '循环依次启动十个子进程，但何时运行由调度器决定：它们打印的顺序无人指定，父进程的下一行通常最先执行。',
      },
    },
    files: { python: 'start_order.py', node: 'start-order.js' },
    runs: main(20_000),
    check: checkStartOrder,
  },
  {
    number: 3,
    name: 'join',
    text: {
      en: {
        title: 'join() inside the loop or after it',
        explanation:
          'Three tasks sleep 1, 2 and 3 seconds. Joined one by one they take about 6 s and never overlap; started together and joined afterwards they overlap and take about 3 s.',
      },
      'zh-CN': {
        title: '在循环内还是循环后 join()',
        explanation: '三个任务分别睡眠 1、2、3 秒。逐个 join 共约 6 秒，且从不重叠；全部启动后再 join，它们同时运行，约 3 秒。',
      },
    },
    files: { python: 'join.py', node: 'join.js' },
    runs: main(30_000),
    // The 1-second task must live through a few samples for the overlap to be seen.
    minTimeScale: 0.3,
    check: checkJoin,
  },
  {
    number: 4,
    name: 'process-class',
    text: {
      en: {
        title: 'A process class of your own',
        explanation:
          'Subclass Process and override run(): start() runs it in a new process, while calling run() yourself runs ' +
          "it in this one. An __init__ that does not call the parent's breaks start(), and no process is created.",
      },
      'zh-CN': {
        title: '自定义进程类',
        explanation:
          '继承 Process 并重写 run()：start() 会在新进程中执行它，而直接调用 run() 则在当前进程中执行。__init__ 若不调用父类的 __init__，start() 就会出错，也不会创建进程。',
      },
    },
    files: { python: 'process_class.py' },
    runs: main(20_000),
    check: checkProcessClass,
  },
  {
    number: 5,
    name: 'daemon',
    text: {
      en: {
        title: 'Daemon processes',
        explanation:
          "A daemon child is terminated when its parent's code ends, and the flag must be set before start(). But if the parent " +
          'is killed with SIGKILL no exit handler runs: the daemon survives, adopted by the nearest subreaper (here Forkscope, ' +
          'which runs lessons as a child subreaper, since init in many containers never reaps), and must be cleaned up by hand.',
      },
      'zh-CN': {
        title: '守护进程',
        explanation:
          '父进程的代码结束时，守护子进程会被终止；daemon 标志必须在 start() 之前设置。但如果父进程被 SIGKILL 杀死，退出处理函数不会运行：守护进程会存活下来，被最近的子收割者收养（这里是 Forkscope：它以子收割者身份运行课程，因为许多容器里的 init 从不回收），只能手动清理。',
      },
    },
    files: { python: 'daemon.py' },
    runs: main(40_000),
    check: checkDaemon,
  },
  {
    number: 6,
    name: 'terminate',
    text: {
      en: {
        title: 'terminate() and is_alive()',
        explanation:
          'terminate() sends SIGTERM and returns at once. Right after it, is_alive() may still be True for a moment; after join() the child is gone and its exit code is -15.',
      },
      'zh-CN': {
        title: 'terminate() 与 is_alive()',
        explanation: 'terminate() 发送 SIGTERM 后立即返回。紧接着调用 is_alive() 可能短暂地仍为 True；join() 之后子进程已经结束，退出码为 -15。',
      },
    },
    files: { python: 'terminate.py', node: 'terminate.js' },
    runs: main(20_000),
    check: checkTerminate,
  },
  {
    number: 7,
    name: 'zombie',
    text: {
      en: {
        title: 'Zombies',
        explanation:
          'A child that has exited stays as a zombie (state Z) until its parent waits for it. If the parent never ' +
          'waits, the zombie stays until the parent dies; then the nearest subreaper adopts it and reaps it: init, or here ' +
          'Forkscope, which runs lessons as a child subreaper so that this works even where init never reaps (many containers).',
      },
      'zh-CN': {
        title: '僵尸进程',
        explanation:
          '已退出的子进程会以僵尸状态（Z）留在进程表中，直到父进程等待（回收）它。如果父进程从不等待，僵尸会一直存在，直到父进程结束；之后最近的子收割者收养并回收它：init，或这里的 Forkscope——它以子收割者身份运行课程，所以即使 init 从不回收（许多容器如此）也能如此。',
      },
    },
    files: { python: 'zombie.py' },
    runs: main(30_000),
    check: checkZombie,
  },
  {
    number: 8,
    name: 'orphan',
    text: {
      en: {
        title: 'Orphans',
        explanation:
          'When a parent exits before its child, the child keeps running: it is re-parented to the nearest subreaper, and its ' +
          'ppid changes. That is init, or here Forkscope, which runs lessons as a child subreaper (PR_SET_CHILD_SUBREAPER): it ' +
          'adopts the orphan, and reaps it with its exit status when it ends, even where init never reaps.',
      },
      'zh-CN': {
        title: '孤儿进程',
        explanation:
          '父进程先于子进程退出时，子进程继续运行：它被重新挂到最近的子收割者之下，ppid 随之改变。那是 init，或这里的 Forkscope：' +
          '它以子收割者身份（PR_SET_CHILD_SUBREAPER）运行课程，收养孤儿，并在其结束时回收它、得到退出状态，即使 init 从不回收。',
      },
    },
    files: { python: 'orphan.py', node: 'orphan.js' },
    runs: main(20_000),
    check: checkOrphan,
  },
  {
    number: 9,
    name: 'queue-basics',
    text: {
      en: {
        title: 'Queue basics',
        explanation:
          'A bounded queue blocks put() while full and get() while empty; with a timeout they raise Full and Empty. empty(), ' +
          'full() and get_nowait() answer at once, but right after a put() the item may still be with the feeder thread.',
      },
      'zh-CN': {
        title: '队列基础',
        explanation:
          '有界队列满时 put() 阻塞，空时 get() 阻塞；设置超时后分别抛出 Full 和 Empty。empty()、full() 和 get_nowait() 立即返回，但刚 put() 之后，数据可能还在后台的 feeder 线程里。',
      },
    },
    files: { python: 'queue_basics.py' },
    runs: main(30_000),
    check: checkQueueBasics,
  },
  {
    number: 10,
    name: 'producer-consumer',
    text: {
      en: {
        title: 'Producers and consumers',
        explanation:
          'Without a stop signal, consumers wait on get() forever once the items run out, and so does the main process joining ' +
          'them (shown with a timeout, after which Forkscope ends them). One sentinel per consumer lets each one leave.',
      },
      'zh-CN': {
        title: '生产者与消费者',
        explanation:
          '没有停止信号时，数据取完后消费者会在 get() 上永远等待，join 它们的主进程也一样（用超时演示，超时后由 Forkscope 结束它们）。为每个消费者放一个哨兵值，它们就能各自退出。',
      },
    },
    files: { python: 'producer_consumer.py' },
    runs: [
      { id: 'no-stop-signal', args: ['--no-stop-signal'], blocks: true, timeoutMs: 6_000 },
      { id: 'sentinel', args: [], timeoutMs: 20_000 },
    ],
    check: checkProducerConsumer,
  },
  {
    number: 11,
    name: 'joinable-queue',
    text: {
      en: {
        title: 'JoinableQueue: task_done() and join()',
        explanation:
          'Daemon workers call task_done() per item and q.join() returns when all are done; one task_done() too ' +
          'many raises ValueError. Joining a daemon worker that loops forever deadlocks (shown with a timeout).',
      },
      'zh-CN': {
        title: 'JoinableQueue：task_done() 与 join()',
        explanation:
          '守护工作进程每处理完一项就调用 task_done()，全部完成后 q.join() 返回；多调用一次 task_done() 会抛出 ValueError。对永远循环的守护工作进程调用 join() 会死锁（用超时演示）。',
      },
    },
    files: { python: 'joinable_queue.py' },
    runs: [
      { id: 'joinable', args: [], timeoutMs: 20_000 },
      { id: 'join-the-worker', args: ['--join-the-worker'], blocks: true, timeoutMs: 6_000 },
    ],
    check: checkJoinableQueue,
  },
  {
    number: 12,
    name: 'pipe',
    text: {
      en: {
        title: 'Pipes',
        explanation:
          'A pipe has a sending end and a receiving end. Each process closes the end it does not use; the reader sees EOF only when every copy of the sending end is closed.',
      },
      'zh-CN': {
        title: '管道',
        explanation: '管道有发送端和接收端。每个进程关闭自己不用的那一端；只有发送端的所有副本都关闭后，读取方才会读到 EOF。',
      },
    },
    files: { python: 'pipe.py', node: 'pipe.js' },
    runs: main(20_000),
    check: checkPipe,
  },
  {
    number: 13,
    name: 'lock',
    text: {
      en: {
        title: 'A lock around read-then-write',
        explanation:
          'Ten buyers read a ticket file with one ticket left and pause before writing: without a lock several "buy" it. With a lock around the read and the write, exactly one does. ' +
          "Forkscope's probe shows how: the buyers with the lock waited for it, one after another; the racing buyers never waited.",
      },
      'zh-CN': {
        title: '用锁保护“先读后写”',
        explanation:
          '十个买家读取只剩一张票的票务文件，停顿片刻后再写回：不加锁时好几个人都“买到”了。用锁把读和写保护起来，恰好只有一人买到。' +
          'Forkscope 的探针给出证据：持锁的买家一个接一个地等锁，而竞争的买家从未等待。',
      },
    },
    files: { python: 'lock.py', node: 'lock.js' },
    runs: main(40_000),
    probe: true,
    check: checkLock,
  },
  {
    number: 14,
    name: 'shared-state',
    text: {
      en: {
        title: 'Shared state',
        explanation:
          'Value and Array live in shared memory that every process sees (+= still needs the lock). A Manager runs a server process that holds a dict for all the others.',
      },
      'zh-CN': {
        title: '共享状态',
        explanation: 'Value 和 Array 位于所有进程可见的共享内存中（+= 仍然需要加锁）。Manager 启动一个服务进程，为其他进程保存一个 dict。',
      },
    },
    files: { python: 'shared_state.py' },
    runs: main(30_000),
    check: checkSharedState,
  },
  {
    number: 15,
    name: 'pool',
    text: {
      en: {
        title: 'Process pools',
        explanation:
          'A Pool starts its workers once. apply() runs tasks one at a time; apply_async() runs them in parallel, with ' +
          'callbacks and get() for the results. close() and join() let the workers finish; terminate() stops them at once. ' +
          "Forkscope's probe counts the tasks each worker ran.",
      },
      'zh-CN': {
        title: '进程池',
        explanation:
          'Pool 一次性启动工作进程。apply() 逐个执行任务；apply_async() 并行执行，通过回调和 get() 取得结果。close() 加 join() 让工作进程正常结束；terminate() 立即停止它们。' +
          'Forkscope 的探针统计每个工作进程执行的任务数。',
      },
    },
    files: { python: 'pool.py' },
    runs: main(30_000),
    probe: true,
    check: checkPool,
  },
];

export function lessonNames(): string[] {
  return LESSONS.map((l) => l.name);
}

/** The lesson by name, or an error that lists the names there are. */
export function findLesson(name: string): Lesson {
  const lesson = LESSONS.find((l) => l.name === name);
  if (!lesson)
    throw new ForkscopeError('invalid-request', `there is no lesson named ${JSON.stringify(name)}; the lessons are ${lessonNames().join(', ')}`);
  return lesson;
}

export function enginesOf(lesson: Lesson): LessonEngine[] {
  return lesson.files.node ? ['python', 'node'] : ['python'];
}

/** The lesson's program for an engine, or an error saying which engines it has. */
export function lessonFile(lesson: Lesson, engine: LessonEngine): string {
  const file = lesson.files[engine];
  if (!file) {
    throw new ForkscopeError(
      'invalid-request',
      `lesson ${lesson.name} is Python only: the idea has no counterpart in Node; run it with the python engine`,
    );
  }
  return file;
}
