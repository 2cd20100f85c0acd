"""Projects and trainings (manual 1.12, 1.13): twelve-section proposals and their versions,
approval, target groups, trainers, sessions, budgets against spending, and evaluation."""
