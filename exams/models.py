# Question banks, quizzes and attempts arrive with the exams issue.
