/**
 * Word lists for realistic US K-12 rosters. The random pools and the reserved pools never
 * share a family name, so the people the fault catalogue plants (who take reserved family
 * names) can be looked up by name without colliding with random students.
 */

export const GIVEN_NAMES = [
  'Olivia', 'Emma', 'Charlotte', 'Amelia', 'Sophia', 'Mia', 'Isabella', 'Ava', 'Evelyn', 'Luna',
  'Harper', 'Camila', 'Sofía', 'Scarlett', 'Elizabeth', 'Eleanor', 'Emily', 'Chloé', 'Mila', 'Violet',
  'Penelope', 'Gianna', 'Aria', 'Abigail', 'Ella', 'Avery', 'Hazel', 'Nora', 'Layla', 'Lily',
  'Zoë', 'Renée', 'Inés', 'María', 'Lucía', 'Valentina', 'Ximena', 'Daniela', 'Aaliyah', 'Nevaeh',
  'Liam', 'Noah', 'Oliver', 'James', 'Elijah', 'Mateo', 'Theodore', 'Henry', 'Lucas', 'William',
  'Benjamin', 'Levi', 'Sebastián', 'Jack', 'Ezra', 'Michael', 'Daniel', 'Leo', 'Owen', 'Samuel',
  'Hudson', 'Alexander', 'Asher', 'Luca', 'Ethan', 'John', 'David', 'Jackson', 'Joseph', 'Mason',
  'José', 'Jesús', 'Ángel', 'André', 'Joaquín', 'Matías', 'Julián', 'Nicolás', 'Andrés', 'Tomás',
  'Malik', 'Jamal', 'DeShawn', 'Kai', 'Aiden', 'Wei', 'Minh', 'Priya', 'Arjun', 'Aanya',
  'Fatima', 'Omar', 'Yusuf', 'Amara', 'Chidi', 'Hana', 'Yuki', 'Seo-yeon', 'Anh', 'Bao',
] as const;

export const MIDDLE_NAMES = [
  'Marie', 'Ann', 'Grace', 'Rose', 'Lynn', 'Elizabeth', 'James', 'Lee', 'Alexander', 'Michael',
  'José', 'Luis', 'Andrés', 'Isabel', 'Sofía', 'Ray', 'Jean', 'Mae', 'Thomas', 'David',
] as const;

export const FAMILY_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernández', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Pérez', 'Thompson', 'White', 'Harris', 'Sánchez', 'Clark', 'Ramírez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Gómez', 'Phillips', 'Evans', 'Turner', 'Díaz', 'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes',
  'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutiérrez', 'Ortiz', 'Morgan', 'Cooper',
  'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson',
  'Nuñez', 'Muñoz', 'Peña', 'Ibáñez', "O'Brien", "O'Neil", 'Tran', 'Pham', 'Patel', 'Shah',
  'Okafor', 'Mensah', 'Haddad', 'Khan', 'Chen', 'Wang', 'Park', 'Choi', 'Yamamoto', 'Cohen',
  'Washington', 'Brooks', 'Sanders', 'Price', 'Bennett', 'Wood', 'Barnes', 'Ross', 'Henderson', 'Coleman',
  'Jenkins', 'Perry', 'Powell', 'Long', 'Patterson', 'Hughes', 'Fleming', 'Foster', 'Gonzales', 'Bryant',
  'Schmidt', 'Müller', 'Kowalski', 'Novak', 'Rossi', 'Russo', 'Silva', 'Santos', 'Costa', 'Oliveira',
] as const;

/** Family names only the fault catalogue and the clean controls use, one per planted family. */
export const RESERVED_FAMILY_NAMES = [
  'Peñaloza', 'Quintanilla', 'Villaseñor', 'Thibodeaux', 'Castellanos', 'Abernathy', 'Okonkwo', 'Szymanski',
  'Fairweather', 'Bellamy', 'Delacroix', 'Ashworth', 'Montgomery-Reyes', 'Lindqvist', 'Achterberg', 'Oyelaran',
  'Kristiansen', 'Valdés', 'Zamora', 'Whitlock', 'Prudhomme', 'Castañeda', 'Hollingsworth', 'Nakashima',
  'Bergström', 'Galloway', 'Ferreira', 'Ellsworth', 'Mbeki', 'Rutherford', 'Santangelo', 'Kingsley',
  'Obregón', 'Fitzgerald', 'Vasquez-Luna', 'Whitaker', 'Larkspur', 'Iwasaki', 'Dubois', 'Marchetti',
  'Halvorsen', 'Esquivel', 'Thornbury', 'Adebayo', 'Carmichael', 'Ouellette', 'Bustamante', 'Wojcik',
  'Arellano', 'Blackwood', 'Cienfuegos', 'Drummond', 'Echeverría', 'Forsythe', 'Grünewald', 'Hargreaves',
  'Iturbide', 'Jankowski', 'Kowalczyk', 'Lockhart', 'Mendívil', 'Northcott', 'Ostrowski', 'Pemberton',
  'Quiñones', 'Radcliffe', 'Saldívar', 'Tremblay', 'Underhill', 'Villalobos', 'Wetherby', 'Yoshimura',
] as const;

/** Given names for planted people: distinct from one another so a family's members never share a name. */
export const RESERVED_GIVEN_NAMES = [
  'Araceli', 'Bartholomew', 'Cordelia', 'Desmond', 'Esperanza', 'Fitzwilliam', 'Genevieve', 'Horatio',
  'Imogen', 'Jericho', 'Katarina', 'Lysander', 'Marisol', 'Nathaniel', 'Ottoline', 'Percival',
  'Quintessa', 'Rosalind', 'Silvestre', 'Theodora', 'Ulises', 'Valentín', 'Wilhelmina', 'Xavier',
  'Yolanda', 'Zachariah', 'Anneliese', 'Bastián', 'Clementine', 'Dashiell', 'Evangeline', 'Florencio',
  'Guinevere', 'Humberto', 'Isadora', 'Jovanni', 'Kalliope', 'Leopoldo', 'Magdalena', 'Nicanor',
  'Octavia', 'Prudencio', 'Rosamund', 'Saoirse', 'Tobías', 'Ursula', 'Virgilio', 'Winifred',
] as const;

export const SCHOOL_BASE_NAMES = [
  'Lakeview', 'Oak Ridge', 'Cedar Creek', 'Maple Grove', 'Washington', 'Lincoln', 'Jefferson', 'Roosevelt',
  'César Chávez', 'Sally Ride', 'Dolores Huerta', 'Rosa Parks', 'Pine Hollow', 'Willow Springs', 'Riverside',
  'Sunset Ridge', 'Eagle Crest', 'Bluebonnet', 'Mesa Verde', 'Sierra Vista', 'Harborview', 'Meadowbrook',
  'Thurgood Marshall', 'Amelia Earhart', 'Hillcrest', 'Stonebridge', 'Prairie Wind', 'Canyon View',
  'Frederick Douglass', 'Sequoia', 'Aspen Grove', 'Red Oak', 'Silver Lake', 'Timberline', 'Brookside',
  'Ellen Ochoa', 'Sojourner Truth', 'Juniper', 'Coral Reef', 'Magnolia', 'Mountain View', 'Valley Forge',
  'Highland Park', 'Fairview', 'Kennedy', 'Garfield', 'Madison', 'Monroe', 'Franklin', 'Hamilton',
] as const;

export const SCHOOL_NAME_PREFIXES = ['North', 'South', 'East', 'West', 'New', 'Upper', 'Lower', 'Central'] as const;

export const EMAIL_PROVIDERS = ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'hotmail.com', 'aol.com'] as const;

export type SchoolLevel = 'elementary' | 'middle' | 'high';

export const GRADE_CODES = ['KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'] as const;
export type GradeCode = (typeof GRADE_CODES)[number];

export const GRADES_BY_LEVEL: Record<SchoolLevel, readonly GradeCode[]> = {
  elementary: ['KG', '01', '02', '03', '04', '05'],
  middle: ['06', '07', '08'],
  high: ['09', '10', '11', '12'],
};

export function levelOfGrade(grade: GradeCode): SchoolLevel {
  if (GRADES_BY_LEVEL.elementary.includes(grade)) return 'elementary';
  return GRADES_BY_LEVEL.middle.includes(grade) ? 'middle' : 'high';
}

export interface SubjectSpec {
  title: string;
  code: string;
}

/** Six subjects per student: the schedule of one grade. */
export function subjectsForGrade(grade: GradeCode): readonly SubjectSpec[] {
  const level = levelOfGrade(grade);
  if (level === 'elementary') {
    return [
      { title: 'Homeroom', code: 'HR' },
      { title: 'Reading', code: 'READ' },
      { title: 'Mathematics', code: 'MATH' },
      { title: 'Science', code: 'SCI' },
      { title: 'Social Studies', code: 'SS' },
      { title: 'Music & Art', code: 'ART' },
    ];
  }
  if (level === 'middle') {
    return [
      { title: 'English Language Arts', code: 'ELA' },
      { title: 'Mathematics', code: 'MATH' },
      { title: 'Science', code: 'SCI' },
      { title: 'American History', code: 'HIST' },
      { title: 'Physical Education', code: 'PE' },
      { title: 'Spanish', code: 'SPAN' },
    ];
  }
  return HIGH_SCHOOL_SUBJECTS[grade] ?? [];
}

const HIGH_SCHOOL_SUBJECTS: Partial<Record<GradeCode, readonly SubjectSpec[]>> = {
  '09': [
    { title: 'English I', code: 'ENG1' },
    { title: 'Algebra I', code: 'ALG1' },
    { title: 'Biology', code: 'BIO' },
    { title: 'World Geography', code: 'WGEO' },
    { title: 'Health & PE', code: 'HPE' },
    { title: 'Spanish I', code: 'SPN1' },
  ],
  '10': [
    { title: 'English II', code: 'ENG2' },
    { title: 'Geometry', code: 'GEOM' },
    { title: 'Chemistry', code: 'CHEM' },
    { title: 'World History', code: 'WHIS' },
    { title: 'Art I', code: 'ART1' },
    { title: 'Spanish II', code: 'SPN2' },
  ],
  '11': [
    { title: 'English III', code: 'ENG3' },
    { title: 'Algebra II', code: 'ALG2' },
    { title: 'Physics', code: 'PHYS' },
    { title: 'U.S. History', code: 'USHI' },
    { title: 'Computer Science', code: 'CSCI' },
    { title: 'Spanish III', code: 'SPN3' },
  ],
  '12': [
    { title: 'English IV', code: 'ENG4' },
    { title: 'Pre-Calculus', code: 'PCAL' },
    { title: 'Environmental Science', code: 'ENVS' },
    { title: 'Government, Economics', code: 'GOVE' },
    { title: 'Psychology', code: 'PSYC' },
    { title: 'Band', code: 'BAND' },
  ],
};

/** "Grade 5", "Kindergarten": how a grade reads in a class title. */
export function gradeLabel(grade: GradeCode): string {
  return grade === 'KG' ? 'Kindergarten' : `Grade ${Number(grade)}`;
}

/** Lower-case ASCII for email local parts: "Nuñez" → "nunez", "O'Brien" → "obrien". */
export function emailSafe(value: string): string {
  let safe = emailSafeCache.get(value);
  if (safe === undefined) {
    safe = value
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '');
    // Only pool words come through here, so the cache stays a few hundred entries.
    if (emailSafeCache.size < 10_000) emailSafeCache.set(value, safe);
  }
  return safe;
}

const emailSafeCache = new Map<string, string>();
